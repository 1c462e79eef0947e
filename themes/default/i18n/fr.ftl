## samizdat, thème par défaut : textes de l’interface en français.
## Les nombres ($count, $n, $total) choisissent la forme selon CLDR : [one] 0 et 1 ; [many] les
## millions ronds (« 1 000 000 de pages ») ; [other] le reste. $date est une date déjà écrite en
## français (« 29 juillet 2015 »). $lang est le nom d’une langue en français (« russe »), d’où
## « en { $lang } ». Les clés absentes viennent de la langue principale du site.

## Navigation

skip-to-content = Aller au contenu
nav-label = Sections du site
nav-home = Accueil
nav-prisoners = Prisonniers
nav-events = Actions
nav-appeals = Appels
nav-cases = Affaires
nav-news = Actualités
nav-map = Carte
nav-tags = Mots-clés
nav-mirrors = Miroirs
nav-about = À propos
language-switcher = Langue
in-language = cette page en { $lang }

## Traductions

not-translated = Cette page n’a pas encore été traduite en { $lang }. Le texte ci-dessous est dans la langue d’origine.
outdated-translation = Cette traduction n’est peut-être plus à jour. Lire l’original :

## Pages et listes

published = Publié le { $date }
updated = Mis à jour le { $date }
read-more = Lire la suite
tags = Mots-clés
tag-title = Mot-clé : { $tag }
tag-pages =
    { $count ->
        [one] { $count } page avec le mot-clé { $tag }
        [many] { $count } de pages avec le mot-clé { $tag }
       *[other] { $count } pages avec le mot-clé { $tag }
    }
pages-count =
    { $count ->
        [one] { $count } page
        [many] { $count } de pages
       *[other] { $count } pages
    }
section-empty = Rien ici pour l’instant.
pagination-label = Pages
page-n-of-m = Page { $n } sur { $total }
previous-page = Page précédente
next-page = Page suivante
newer = Plus récents
older = Plus anciens
feed-title = { $site } : dernières nouvelles
feed-link = S’abonner (flux Atom)
sitemap = Plan du site
search = Recherche
search-placeholder = Rechercher sur ce site
search-no-js = La recherche nécessite JavaScript ; toutes les pages figurent aussi dans les sections et les mots-clés.
search-results =
    { $count ->
        [one] { $count } résultat
        [many] { $count } de résultats
       *[other] { $count } résultats
    }
not-found-title = Page introuvable
not-found-text = Il n’y a aucune page à cette adresse. Elle a peut-être été déplacée, ou le lien contient une faute de frappe.
back-home = Retour à l’accueil
redirect-notice = Cette page a été déplacée : { $url }
draft-badge = Brouillon
embargo-badge = Sous embargo jusqu’au { $date }

## Pied de page

footer-mirrors = Miroirs de ce site
footer-source = Fichiers sources de ce site
footer-no-tracking = Ce site n’envoie aucune requête à d’autres serveurs et ne dépose aucun cookie.
attribution-geodata = Noms de lieux : GeoNames (CC BY 4.0). Contours : Natural Earth.

## Prisonniers. Les statuts qualifient une personne et servent de titre à un groupe.

status-detained = En détention provisoire
status-house_arrest = En résidence surveillée
status-sentenced = Purge une peine
status-released = En liberté
status-exile = En exil
status-deceased = Personne décédée
status-count-detained = { $count } en détention provisoire
status-count-house_arrest = { $count } en résidence surveillée
status-count-sentenced =
    { $count ->
        [one] { $count } purge une peine
       *[other] { $count } purgent une peine
    }
status-count-released = { $count } en liberté
status-count-exile = { $count } en exil
status-count-deceased =
    { $count ->
        [one] { $count } personne décédée
        [many] { $count } de personnes décédées
       *[other] { $count } personnes décédées
    }
days-in-custody =
    { $count ->
        [one] { $count } jour de détention
        [many] { $count } de jours de détention
       *[other] { $count } jours de détention
    }
days-in-custody-released =
    { $count ->
        [one] { $count } jour de détention, jusqu’à la libération le { $date }
        [many] { $count } de jours de détention, jusqu’à la libération le { $date }
       *[other] { $count } jours de détention, jusqu’à la libération le { $date }
    }
arrested-on = Arrestation le { $date }
released-on = Libération le { $date }
born-on = Naissance le { $date }
age-years =
    { $count ->
        [one] { $count } an
        [many] { $count } d’ans
       *[other] { $count } ans
    }
prisoner-status = Statut
prisoner-city = Ville
prisoner-photo-alt = Photo : { $name }
prisoner-case = Affaire
prisoner-charges = Chefs d’accusation
prisoner-sentence = Peine
prisoner-recognized-by = Statut de prisonnier politique reconnu par
prisoner-timeline = Chronologie
write-letter = Écrire une lettre
letter-address = Adresse pour les lettres
letter-languages = Les lettres dans ces langues arrivent à destination : { $langs }
letter-note = À noter
no-address = Il n’y a pas encore d’adresse pour les lettres. Vous pouvez quand même aider :
help-share = Parlez de cette affaire autour de vous.
help-donate-contact = Pour aider financièrement ou juridiquement, contactez la campagne :
in-custody-headline =
    { $count ->
        [one] { $count } personne est derrière les barreaux
        [many] { $count } de personnes sont derrière les barreaux
       *[other] { $count } personnes sont derrière les barreaux
    }
prisoners-by-status = Par statut
prisoners-by-case = Par affaire
birthdays-calendar = Anniversaires des personnes détenues (.ics), pour leur envoyer une carte
birthday-event = Anniversaire : { $name }

## Affaires et appels

case-prisoners =
    { $count ->
        [one] { $count } personne poursuivie dans cette affaire
        [many] { $count } de personnes poursuivies dans cette affaire
       *[other] { $count } personnes poursuivies dans cette affaire
    }
appeal-demands = Nous exigeons
appeal-signatories =
    { $count ->
        [one] { $count } signataire
        [many] { $count } de signataires
       *[other] { $count } signataires
    }
appeal-action = Action
appeal-contact = Contact
contact-email = E-mail
contact-telegram = Telegram
contact-signal = Signal

## Actions et rassemblements

event-dates = Dates
event-upcoming = À venir
event-past = Terminée
event-pickets =
    { $count ->
        [one] { $count } rassemblement
        [many] { $count } de rassemblements
       *[other] { $count } rassemblements
    }
event-cities =
    { $count ->
        [one] { $count } ville
        [many] { $count } de villes
       *[other] { $count } villes
    }
event-countries =
    { $count ->
        [many] { $count } de pays
       *[other] { $count } pays
    }
picket-date = Date
picket-time = Heure
picket-place = Lieu
picket-organiser = Organisé par
picket-contact = Contact
picket-report = Compte rendu
picket-event = { $event } : rassemblement à { $city }
calendar-download = Ajouter à l’agenda (.ics)
events-upcoming = Actions à venir
events-past = Actions passées
no-upcoming-events = Aucune action n’est prévue pour le moment.

## Cartes

map-world = Carte du monde
map-title-country = Rassemblements : { $country }
map-title-city = Rassemblements à { $city }
map-list-heading = Tous les lieux de la carte
map-png-alt = Carte des rassemblements : { $place }
pickets-in-city =
    { $count ->
        [one] { $count } rassemblement à { $city }
        [many] { $count } de rassemblements à { $city }
       *[other] { $count } rassemblements à { $city }
    }

## Miroirs

mirrors-title = Miroirs
mirrors-intro = Si ce site est bloqué chez vous, les mêmes pages se trouvent à ces adresses. Chaque miroir est une copie signée par la campagne.
mirrors-onion = Adresse onion : à ouvrir dans le navigateur Tor
mirrors-json = La liste des miroirs en JSON, pour les programmes
mirrors-verify = Vous hébergez un miroir ? Vérifiez avec « samizdat verify » et la clé publique de la campagne que votre copie est complète et intacte.
mirrors-bundle = Télécharger tout le site dans une archive signée, pour le lire hors ligne ou héberger un miroir

## Labels added with the profile templates

not-translated-short = pas encore traduit
prisoner-name = Nom
days-column = Jours de détention
label-arrested = Date d’arrestation
label-released = Date de libération
label-born = Date de naissance
birthdays-calendar-name = Anniversaires des prisonniers
