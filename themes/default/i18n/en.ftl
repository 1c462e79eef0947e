## samizdat default theme: English interface strings.
## English is the last fallback: every key the theme uses is here. Any other language may leave a
## key out, and its pages then show the default language's text, or this one.
##
## Arguments: $count, $n, $total are numbers (written in the page's language, and they choose the
## plural variant by CLDR's rules: English has [one] and [other]). $date is a date already written
## in the page's language ("29 July 2015"). $lang is a language's name as said in the page's
## language, as i18n::language_name(code, page language) gives it: "Russian" here, "русский" in
## ru.ftl. $site, $tag, $city, $country, $place, $url, $langs, $event, $name are text.

## Navigation

skip-to-content = Skip to content
nav-label = Site sections
nav-home = Home
nav-prisoners = Prisoners
nav-events = Actions
nav-appeals = Appeals
nav-cases = Cases
nav-news = News
nav-map = Map
nav-tags = Tags
nav-mirrors = Mirrors
nav-about = About
language-switcher = Language
in-language = this page in { $lang }

## Translations

not-translated = This page has not been translated into { $lang } yet. The text below is in the original language.
outdated-translation = This translation may be out of date. Read the original:

## Pages and lists

published = Published { $date }
updated = Updated { $date }
read-more = Read more
tags = Tags
tag-title = Tag: { $tag }
tag-pages =
    { $count ->
        [one] { $count } page tagged { $tag }
       *[other] { $count } pages tagged { $tag }
    }
pages-count =
    { $count ->
        [one] { $count } page
       *[other] { $count } pages
    }
section-empty = Nothing here yet.
pagination-label = Pages
page-n-of-m = Page { $n } of { $total }
previous-page = Previous page
next-page = Next page
newer = Newer
older = Older
feed-title = { $site }: latest updates
feed-link = Subscribe (Atom feed)
sitemap = Site map
search = Search
search-placeholder = Search this site
search-no-js = Search needs JavaScript; every page is also listed in the sections and tags.
search-results =
    { $count ->
        [one] { $count } result
       *[other] { $count } results
    }
not-found-title = Page not found
not-found-text = There is no page at this address. It may have moved, or the link may have a typo.
back-home = Go to the home page
redirect-notice = This page has moved to { $url }
draft-badge = Draft
embargo-badge = Embargoed until { $date }

## Footer

footer-mirrors = Mirrors of this site
footer-source = Source of this site
footer-no-tracking = This site makes no requests to other servers and sets no cookies.
attribution-geodata = Place names: GeoNames (CC BY 4.0). Outlines: Natural Earth.

## Prisoners. Status labels are used for one person and as headings of groups.

status-detained = In pre-trial detention
status-house_arrest = Under house arrest
status-sentenced = Serving a sentence
status-released = Released
status-exile = In exile
status-deceased = Deceased
status-count-detained = { $count } in detention
status-count-house_arrest = { $count } under house arrest
status-count-sentenced = { $count } serving a sentence
status-count-released = { $count } released
status-count-exile = { $count } in exile
status-count-deceased = { $count } deceased
days-in-custody =
    { $count ->
        [one] { $count } day in custody
       *[other] { $count } days in custody
    }
days-in-custody-released =
    { $count ->
        [one] { $count } day in custody, until release on { $date }
       *[other] { $count } days in custody, until release on { $date }
    }
arrested-on = Arrested on { $date }
released-on = Released on { $date }
born-on = Born on { $date }
age-years =
    { $count ->
        [one] { $count } year old
       *[other] { $count } years old
    }
prisoner-status = Status
prisoner-city = City
prisoner-photo-alt = Photo: { $name }
prisoner-case = Case
prisoner-charges = Charges
prisoner-sentence = Sentence
prisoner-recognized-by = Recognised as a political prisoner by
prisoner-timeline = Timeline
write-letter = Write a letter
letter-address = Address for letters
letter-languages = Letters in these languages reach them: { $langs }
letter-note = Please note
no-address = There is no address for letters yet. You can still help:
help-share = Tell others about this case.
help-donate-contact = To help with money or legal support, contact the campaign:
in-custody-headline =
    { $count ->
        [one] { $count } person is behind bars
       *[other] { $count } people are behind bars
    }
prisoners-by-status = By status
prisoners-by-case = By case
birthdays-calendar = Birthdays of those in custody (.ics), for postcards
birthday-event = Birthday: { $name }

## Cases and appeals

case-prisoners =
    { $count ->
        [one] { $count } person prosecuted in this case
       *[other] { $count } people prosecuted in this case
    }
appeal-demands = We demand
appeal-signatories =
    { $count ->
        [one] { $count } signatory
       *[other] { $count } signatories
    }
appeal-action = Action
appeal-contact = Contact
contact-email = Email
contact-telegram = Telegram
contact-signal = Signal

## Actions and pickets

event-dates = Dates
event-upcoming = Upcoming
event-past = Past
event-pickets =
    { $count ->
        [one] { $count } picket
       *[other] { $count } pickets
    }
event-cities =
    { $count ->
        [one] { $count } city
       *[other] { $count } cities
    }
event-countries =
    { $count ->
        [one] { $count } country
       *[other] { $count } countries
    }
picket-date = Date
picket-time = Time
picket-place = Place
picket-organiser = Organiser
picket-contact = Contact
picket-report = Report
picket-event = { $event }: picket in { $city }
calendar-download = Add to calendar (.ics)
events-upcoming = Upcoming actions
events-past = Past actions
no-upcoming-events = No actions are planned at the moment.

## Maps

map-world = World map
map-title-country = Pickets in { $country }
map-title-city = Pickets in { $city }
map-list-heading = Every place on the map
map-png-alt = Map of pickets: { $place }
pickets-in-city =
    { $count ->
        [one] { $count } picket in { $city }
       *[other] { $count } pickets in { $city }
    }

## Mirrors

mirrors-title = Mirrors
mirrors-intro = If this site is blocked where you are, the same pages are at these addresses. Every mirror is a copy signed by the campaign.
mirrors-onion = Onion address: open it in Tor Browser
mirrors-json = The list of mirrors as JSON, for programs
mirrors-verify = Hosting a mirror? Check that your copy is complete and unaltered with “samizdat verify” and the campaign’s public key.
mirrors-bundle = Download the whole site as a signed archive, to read offline or to host a mirror

## Labels added with the profile templates

not-translated-short = not yet translated
prisoner-name = Name
days-column = Days in custody
label-arrested = Arrested
label-released = Released
label-born = Born
birthdays-calendar-name = Birthdays of prisoners
