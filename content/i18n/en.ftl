## Interface strings of the handbook that the default theme does not have (yet).
## A site's i18n/LANG.ftl overrides the theme message by message; see guides/translators.md.

# The language switcher's tooltip on a language that shows this page untranslated.
not-translated-short = not translated yet
