## samizdat, tema por defecto: textos de la interfaz en español.
## Los números ($count, $n, $total) eligen la forma según CLDR: [one] 1; [many] millones exactos
## («1 000 000 de páginas»); [other] el resto. $date es una fecha ya escrita en español («29 de
## julio de 2015»). $lang es el nombre de un idioma en español («ruso»), de ahí «al { $lang }».
## Las claves que faltan se toman del idioma principal del sitio.

## Navegación

skip-to-content = Saltar al contenido
nav-label = Secciones del sitio
nav-home = Inicio
nav-prisoners = Presos
nav-events = Acciones
nav-appeals = Llamamientos
nav-cases = Causas
nav-news = Noticias
nav-map = Mapa
nav-tags = Etiquetas
nav-mirrors = Espejos
nav-about = Sobre la campaña
language-switcher = Idioma
in-language = esta página en { $lang }

## Traducciones

not-translated = Esta página aún no se ha traducido al { $lang }. El texto siguiente está en el idioma original.
outdated-translation = Puede que esta traducción esté desactualizada. Lee el original:

## Páginas y listas

published = Publicado el { $date }
updated = Actualizado el { $date }
read-more = Seguir leyendo
tags = Etiquetas
tag-title = Etiqueta: { $tag }
tag-pages =
    { $count ->
        [one] { $count } página con la etiqueta { $tag }
        [many] { $count } de páginas con la etiqueta { $tag }
       *[other] { $count } páginas con la etiqueta { $tag }
    }
pages-count =
    { $count ->
        [one] { $count } página
        [many] { $count } de páginas
       *[other] { $count } páginas
    }
section-empty = Aquí todavía no hay nada.
pagination-label = Páginas
page-n-of-m = Página { $n } de { $total }
previous-page = Página anterior
next-page = Página siguiente
newer = Más recientes
older = Más antiguas
feed-title = { $site }: novedades
feed-link = Suscribirse (canal Atom)
sitemap = Mapa del sitio
search = Buscar
search-placeholder = Buscar en este sitio
search-no-js = La búsqueda necesita JavaScript; todas las páginas figuran también en las secciones y etiquetas.
search-results =
    { $count ->
        [one] { $count } resultado
        [many] { $count } de resultados
       *[other] { $count } resultados
    }
not-found-title = Página no encontrada
not-found-text = No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace tenga una errata.
back-home = Ir a la página de inicio
redirect-notice = Esta página se ha trasladado a { $url }
draft-badge = Borrador
embargo-badge = Embargado hasta el { $date }

## Pie de página

footer-mirrors = Espejos de este sitio
footer-source = Archivos fuente de este sitio
footer-no-tracking = Este sitio no hace peticiones a otros servidores ni instala cookies.
attribution-geodata = Nombres de lugares: GeoNames (CC BY 4.0). Contornos: Natural Earth.

## Presos. La situación se muestra para una persona y como título de un grupo.

status-detained = En prisión preventiva
status-house_arrest = En arresto domiciliario
status-sentenced = Cumpliendo condena
status-released = En libertad
status-exile = En el exilio
status-deceased = Persona fallecida
status-count-detained = { $count } en prisión preventiva
status-count-house_arrest = { $count } en arresto domiciliario
status-count-sentenced = { $count } cumpliendo condena
status-count-released = { $count } en libertad
status-count-exile = { $count } en el exilio
status-count-deceased =
    { $count ->
        [one] { $count } persona fallecida
        [many] { $count } de personas fallecidas
       *[other] { $count } personas fallecidas
    }
days-in-custody =
    { $count ->
        [one] { $count } día de detención
        [many] { $count } de días de detención
       *[other] { $count } días de detención
    }
days-in-custody-released =
    { $count ->
        [one] { $count } día de detención, hasta su liberación el { $date }
        [many] { $count } de días de detención, hasta su liberación el { $date }
       *[other] { $count } días de detención, hasta su liberación el { $date }
    }
arrested-on = Fecha de detención: { $date }
released-on = Fecha de liberación: { $date }
born-on = Fecha de nacimiento: { $date }
age-years =
    { $count ->
        [one] { $count } año
        [many] { $count } de años
       *[other] { $count } años
    }
prisoner-status = Situación
prisoner-city = Ciudad
prisoner-photo-alt = Foto: { $name }
prisoner-case = Causa
prisoner-charges = Cargos
prisoner-sentence = Condena
prisoner-recognized-by = Condición de preso político reconocida por
prisoner-timeline = Cronología
write-letter = Escribir una carta
letter-address = Dirección para cartas
letter-languages = Llegan las cartas en estos idiomas: { $langs }
letter-note = Ten en cuenta
no-address = Todavía no hay dirección para cartas. Aun así puedes ayudar:
help-share = Cuéntales a otras personas sobre este caso.
help-donate-contact = Para ayudar con dinero o con asistencia legal, contacta con la campaña:
in-custody-headline =
    { $count ->
        [one] { $count } persona está entre rejas
        [many] { $count } de personas están entre rejas
       *[other] { $count } personas están entre rejas
    }
prisoners-by-status = Por situación
prisoners-by-case = Por causa
birthdays-calendar = Cumpleaños de las personas detenidas (.ics), para enviarles una postal
birthday-event = Cumpleaños: { $name }

## Causas y llamamientos

case-prisoners =
    { $count ->
        [one] { $count } persona procesada en esta causa
        [many] { $count } de personas procesadas en esta causa
       *[other] { $count } personas procesadas en esta causa
    }
appeal-demands = Exigimos
appeal-signatories =
    { $count ->
        [one] { $count } firmante
        [many] { $count } de firmantes
       *[other] { $count } firmantes
    }
appeal-action = Acción
appeal-contact = Contacto
contact-email = Correo electrónico
contact-telegram = Telegram
contact-signal = Signal

## Acciones y concentraciones

event-dates = Fechas
event-upcoming = Próximamente
event-past = Finalizada
event-pickets =
    { $count ->
        [one] { $count } concentración
        [many] { $count } de concentraciones
       *[other] { $count } concentraciones
    }
event-cities =
    { $count ->
        [one] { $count } ciudad
        [many] { $count } de ciudades
       *[other] { $count } ciudades
    }
event-countries =
    { $count ->
        [one] { $count } país
        [many] { $count } de países
       *[other] { $count } países
    }
picket-date = Fecha
picket-time = Hora
picket-place = Lugar
picket-organiser = Organiza
picket-contact = Contacto
picket-report = Informe
picket-event = { $event }: concentración en { $city }
calendar-download = Añadir al calendario (.ics)
events-upcoming = Próximas acciones
events-past = Acciones pasadas
no-upcoming-events = Por ahora no hay acciones previstas.

## Mapas

map-world = Mapa mundial
map-title-country = Concentraciones en { $country }
map-title-city = Concentraciones en { $city }
map-list-heading = Todos los lugares del mapa
map-png-alt = Mapa de concentraciones: { $place }
pickets-in-city =
    { $count ->
        [one] { $count } concentración en { $city }
        [many] { $count } de concentraciones en { $city }
       *[other] { $count } concentraciones en { $city }
    }

## Espejos

mirrors-title = Espejos
mirrors-intro = Si este sitio está bloqueado donde estás, las mismas páginas están en estas direcciones. Cada espejo es una copia firmada por la campaña.
mirrors-onion = Dirección onion: ábrela en Tor Browser
mirrors-json = La lista de espejos en JSON, para programas
mirrors-verify = ¿Alojas un espejo? Comprueba con «samizdat verify» y la clave pública de la campaña que tu copia está completa y sin alterar.
mirrors-bundle = Descargar todo el sitio en un archivo firmado, para leerlo sin conexión o alojar un espejo

## Labels added with the profile templates

not-translated-short = aún sin traducir
prisoner-name = Nombre
days-column = Días de detención
label-arrested = Fecha de detención
label-released = Fecha de liberación
label-born = Fecha de nacimiento
birthdays-calendar-name = Cumpleaños de los presos
