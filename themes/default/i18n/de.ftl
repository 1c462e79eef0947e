## samizdat, Standard-Theme: Oberflächentexte auf Deutsch.
## Zahlen ($count, $n, $total) wählen die Form nach CLDR: [one] und [other]. $date ist ein schon
## deutsch geschriebenes Datum („29. Juli 2015“). $lang ist der Name einer Sprache auf Deutsch
## („Russisch“), daher „auf { $lang }“. Fehlende Schlüssel kommen aus der Standardsprache der Website.

## Navigation

skip-to-content = Zum Inhalt springen
nav-label = Bereiche der Website
nav-home = Startseite
nav-prisoners = Gefangene
nav-events = Aktionen
nav-appeals = Aufrufe
nav-cases = Verfahren
nav-news = Neuigkeiten
nav-map = Karte
nav-tags = Schlagwörter
nav-mirrors = Spiegelserver
nav-about = Über die Kampagne
language-switcher = Sprache
in-language = diese Seite auf { $lang }

## Übersetzungen

not-translated = Diese Seite ist noch nicht auf { $lang } übersetzt. Der folgende Text ist in der Originalsprache.
outdated-translation = Diese Übersetzung ist möglicherweise veraltet. Zum Original:

## Seiten und Listen

published = Veröffentlicht am { $date }
updated = Aktualisiert am { $date }
read-more = Weiterlesen
tags = Schlagwörter
tag-title = Schlagwort: { $tag }
tag-pages =
    { $count ->
        [one] { $count } Seite mit dem Schlagwort { $tag }
       *[other] { $count } Seiten mit dem Schlagwort { $tag }
    }
pages-count =
    { $count ->
        [one] { $count } Seite
       *[other] { $count } Seiten
    }
section-empty = Hier gibt es noch nichts.
pagination-label = Seiten
page-n-of-m = Seite { $n } von { $total }
previous-page = Vorherige Seite
next-page = Nächste Seite
newer = Neuere
older = Ältere
feed-title = { $site }: Neuigkeiten
feed-link = Abonnieren (Atom-Feed)
sitemap = Sitemap
search = Suche
search-placeholder = Diese Website durchsuchen
search-no-js = Die Suche braucht JavaScript; alle Seiten stehen auch in den Bereichen und Schlagwörtern.
search-results =
    { $count ->
        [one] { $count } Ergebnis
       *[other] { $count } Ergebnisse
    }
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben, oder der Link enthält einen Tippfehler.
back-home = Zur Startseite
redirect-notice = Diese Seite ist umgezogen: { $url }
draft-badge = Entwurf
embargo-badge = Sperrfrist bis { $date }

## Fußzeile

footer-mirrors = Spiegelserver dieser Website
footer-source = Quelldateien dieser Website
footer-no-tracking = Diese Website stellt keine Anfragen an andere Server und setzt keine Cookies.
attribution-geodata = Ortsnamen: GeoNames (CC BY 4.0). Umrisse: Natural Earth.

## Gefangene. Die Status stehen bei einer Person und als Überschrift einer Gruppe.

status-detained = In Untersuchungshaft
status-house_arrest = Unter Hausarrest
status-sentenced = In Strafhaft
status-released = Freigelassen
status-exile = Im Exil
status-deceased = Verstorben
status-count-detained = { $count } in Untersuchungshaft
status-count-house_arrest = { $count } unter Hausarrest
status-count-sentenced = { $count } in Strafhaft
status-count-released = { $count } freigelassen
status-count-exile = { $count } im Exil
status-count-deceased = { $count } verstorben
days-in-custody =
    { $count ->
        [one] { $count } Tag in Haft
       *[other] { $count } Tage in Haft
    }
days-in-custody-released =
    { $count ->
        [one] { $count } Tag in Haft, freigelassen am { $date }
       *[other] { $count } Tage in Haft, freigelassen am { $date }
    }
arrested-on = Festgenommen am { $date }
released-on = Freigelassen am { $date }
born-on = Geboren am { $date }
age-years =
    { $count ->
        [one] { $count } Jahr alt
       *[other] { $count } Jahre alt
    }
prisoner-status = Status
prisoner-city = Stadt
prisoner-photo-alt = Foto: { $name }
prisoner-case = Verfahren
prisoner-charges = Anklagepunkte
prisoner-sentence = Urteil
prisoner-recognized-by = Politische Gefangenschaft anerkannt von
prisoner-timeline = Chronik
write-letter = Einen Brief schreiben
letter-address = Adresse für Briefe
letter-languages = Briefe in diesen Sprachen kommen an: { $langs }
letter-note = Bitte beachten
no-address = Noch gibt es keine Adresse für Briefe. Helfen können Sie trotzdem:
help-share = Erzählen Sie anderen von diesem Fall.
help-donate-contact = Wenn Sie mit Geld oder juristisch helfen wollen, wenden Sie sich an die Kampagne:
in-custody-headline =
    { $count ->
        [one] { $count } Mensch ist hinter Gittern
       *[other] { $count } Menschen sind hinter Gittern
    }
prisoners-by-status = Nach Status
prisoners-by-case = Nach Verfahren
birthdays-calendar = Geburtstage der Inhaftierten (.ics), für Postkarten
birthday-event = Geburtstag: { $name }

## Verfahren und Aufrufe

case-prisoners =
    { $count ->
        [one] { $count } Person in diesem Verfahren verfolgt
       *[other] { $count } Personen in diesem Verfahren verfolgt
    }
appeal-demands = Wir fordern
appeal-signatories = { $count } Unterzeichnende
appeal-action = Aktion
appeal-contact = Kontakt
contact-email = E-Mail
contact-telegram = Telegram
contact-signal = Signal

## Aktionen und Mahnwachen

event-dates = Termine
event-upcoming = Bevorstehend
event-past = Vergangen
event-pickets =
    { $count ->
        [one] { $count } Mahnwache
       *[other] { $count } Mahnwachen
    }
event-cities =
    { $count ->
        [one] { $count } Stadt
       *[other] { $count } Städte
    }
event-countries =
    { $count ->
        [one] { $count } Land
       *[other] { $count } Länder
    }
picket-date = Datum
picket-time = Uhrzeit
picket-place = Ort
picket-organiser = Veranstaltet von
picket-contact = Kontakt
picket-report = Bericht
picket-event = { $event }: Mahnwache in { $city }
calendar-download = Zum Kalender hinzufügen (.ics)
events-upcoming = Bevorstehende Aktionen
events-past = Vergangene Aktionen
no-upcoming-events = Zurzeit sind keine Aktionen geplant.

## Karten

map-world = Weltkarte
map-title-country = Mahnwachen: { $country }
map-title-city = Mahnwachen in { $city }
map-list-heading = Alle Orte auf der Karte
map-png-alt = Karte der Mahnwachen: { $place }
pickets-in-city =
    { $count ->
        [one] { $count } Mahnwache in { $city }
       *[other] { $count } Mahnwachen in { $city }
    }

## Spiegelserver

mirrors-title = Spiegelserver
mirrors-intro = Wenn diese Website bei Ihnen gesperrt ist, finden Sie dieselben Seiten unter diesen Adressen. Jeder Spiegel ist eine von der Kampagne signierte Kopie.
mirrors-onion = Onion-Adresse: im Tor Browser öffnen
mirrors-json = Die Liste der Spiegelserver als JSON, für Programme
mirrors-verify = Sie betreiben einen Spiegel? Prüfen Sie mit „samizdat verify“ und dem öffentlichen Schlüssel der Kampagne, dass Ihre Kopie vollständig und unverändert ist.
mirrors-bundle = Die ganze Website als signiertes Archiv herunterladen – zum Offline-Lesen oder für einen eigenen Spiegel

## Labels added with the profile templates

not-translated-short = noch nicht übersetzt
prisoner-name = Name
days-column = Tage in Haft
label-arrested = Festgenommen
label-released = Freigelassen
label-born = Geboren
birthdays-calendar-name = Geburtstage der Gefangenen
