## samizdat, стандартна тема: рядки інтерфейсу українською.
## Числа ($count, $n, $total) обирають форму за правилами CLDR: [one] 1, 21, 101; [few] 2–4, 22–24;
## [many] 0, 5–20, 11–14, 25–30; [other] дробові. $date — дата, уже записана українською
## («29 липня 2015»). $lang — назва мови українською в називному відмінку («німецька»), тому
## фрази побудовано так, щоб її не відмінювати. Статуси не залежать від роду людини.

## Навігація

skip-to-content = Перейти до вмісту
nav-label = Розділи сайту
nav-home = Головна
nav-prisoners = Політв’язні
nav-events = Акції
nav-appeals = Звернення
nav-cases = Справи
nav-news = Новини
nav-map = Мапа
nav-tags = Теги
nav-mirrors = Дзеркала
nav-about = Про кампанію
language-switcher = Мова
in-language = ця сторінка мовою: { $lang }

## Переклади

not-translated = Цю сторінку ще не перекладено мовою: { $lang }. Нижче — текст мовою оригіналу.
outdated-translation = Цей переклад міг застаріти. Читайте оригінал:

## Сторінки та списки

published = Опубліковано { $date }
updated = Оновлено { $date }
read-more = Читати далі
tags = Теги
tag-title = Тег: { $tag }
tag-pages =
    { $count ->
        [one] { $count } сторінка з тегом { $tag }
        [few] { $count } сторінки з тегом { $tag }
        [many] { $count } сторінок з тегом { $tag }
       *[other] { $count } сторінки з тегом { $tag }
    }
pages-count =
    { $count ->
        [one] { $count } сторінка
        [few] { $count } сторінки
        [many] { $count } сторінок
       *[other] { $count } сторінки
    }
section-empty = Тут поки що нічого немає.
pagination-label = Сторінки
page-n-of-m = Сторінка { $n } з { $total }
previous-page = Попередня сторінка
next-page = Наступна сторінка
newer = Новіші
older = Давніші
feed-title = { $site }: нове
feed-link = Підписатися (стрічка Atom)
sitemap = Мапа сайту
search = Пошук
search-placeholder = Пошук на сайті
search-no-js = Для пошуку потрібен JavaScript; усі сторінки є також у розділах і тегах.
search-results =
    { $count ->
        [one] { $count } результат
        [few] { $count } результати
        [many] { $count } результатів
       *[other] { $count } результату
    }
not-found-title = Сторінку не знайдено
not-found-text = За цією адресою нічого немає. Можливо, сторінку перенесено або в посиланні помилка.
back-home = На головну
redirect-notice = Цю сторінку перенесено: { $url }
draft-badge = Чернетка
embargo-badge = Не публікується до { $date }

## Підвал

footer-mirrors = Дзеркала сайту
footer-source = Вихідні файли сайту
footer-no-tracking = Цей сайт не звертається до інших серверів і не зберігає файлів cookie.
attribution-geodata = Назви місць: GeoNames (CC BY 4.0). Контури країн: Natural Earth.

## Політв’язні. Статуси підписують і одну людину, і групу в списку.

status-detained = Під вартою до суду
status-house_arrest = Під домашнім арештом
status-sentenced = Відбуває покарання
status-released = На волі
status-exile = У вимушеній еміграції
status-deceased = Немає серед живих
status-count-detained =
    { $count ->
        [one] { $count } людина під вартою
        [few] { $count } людини під вартою
        [many] { $count } людей під вартою
       *[other] { $count } людини під вартою
    }
status-count-house_arrest =
    { $count ->
        [one] { $count } людина під домашнім арештом
        [few] { $count } людини під домашнім арештом
        [many] { $count } людей під домашнім арештом
       *[other] { $count } людини під домашнім арештом
    }
status-count-sentenced =
    { $count ->
        [one] { $count } людина відбуває покарання
        [few] { $count } людини відбувають покарання
        [many] { $count } людей відбувають покарання
       *[other] { $count } людини відбувають покарання
    }
status-count-released =
    { $count ->
        [one] { $count } людина на волі
        [few] { $count } людини на волі
        [many] { $count } людей на волі
       *[other] { $count } людини на волі
    }
status-count-exile =
    { $count ->
        [one] { $count } людина в еміграції
        [few] { $count } людини в еміграції
        [many] { $count } людей в еміграції
       *[other] { $count } людини в еміграції
    }
status-count-deceased =
    { $count ->
        [one] { $count } людина померла
        [few] { $count } людини померли
        [many] { $count } людей померли
       *[other] { $count } людини померли
    }
days-in-custody =
    { $count ->
        [one] { $count } день під вартою
        [few] { $count } дні під вартою
        [many] { $count } днів під вартою
       *[other] { $count } дня під вартою
    }
days-in-custody-released =
    { $count ->
        [one] { $count } день під вартою, звільнення { $date }
        [few] { $count } дні під вартою, звільнення { $date }
        [many] { $count } днів під вартою, звільнення { $date }
       *[other] { $count } дня під вартою, звільнення { $date }
    }
arrested-on = Дата арешту: { $date }
released-on = Дата звільнення: { $date }
born-on = Дата народження: { $date }
age-years =
    { $count ->
        [one] { $count } рік
        [few] { $count } роки
        [many] { $count } років
       *[other] { $count } року
    }
prisoner-status = Статус
prisoner-city = Місто
prisoner-photo-alt = Фото: { $name }
prisoner-case = Справа
prisoner-charges = Обвинувачення
prisoner-sentence = Вирок
prisoner-recognized-by = Статус політв’язня визнали
prisoner-timeline = Хронологія
write-letter = Написати листа
letter-address = Адреса для листів
letter-languages = Листи доходять цими мовами: { $langs }
letter-note = Зверніть увагу
no-address = Адреси для листів поки що немає. Допомогти можна й так:
help-share = Розкажіть про цю справу іншим.
help-donate-contact = Щоб допомогти грошима чи з адвокатом, зв’яжіться з кампанією:
in-custody-headline =
    { $count ->
        [one] { $count } людина за ґратами
        [few] { $count } людини за ґратами
        [many] { $count } людей за ґратами
       *[other] { $count } людини за ґратами
    }
prisoners-by-status = За статусом
prisoners-by-case = За справами
birthdays-calendar = Дні народження тих, хто під вартою (.ics), — щоб вчасно надіслати листівку
birthday-event = День народження: { $name }

## Справи та звернення

case-prisoners =
    { $count ->
        [one] { $count } людина в цій справі
        [few] { $count } людини в цій справі
        [many] { $count } людей у цій справі
       *[other] { $count } людини в цій справі
    }
appeal-demands = Ми вимагаємо
appeal-signatories =
    { $count ->
        [one] { $count } підписант
        [few] { $count } підписанти
        [many] { $count } підписантів
       *[other] { $count } підписанта
    }
appeal-action = Акція
appeal-contact = Зв’язатися
contact-email = Ел. пошта
contact-telegram = Telegram
contact-signal = Signal

## Акції та пікети

event-dates = Дати
event-upcoming = Незабаром
event-past = Минула
event-pickets =
    { $count ->
        [one] { $count } пікет
        [few] { $count } пікети
        [many] { $count } пікетів
       *[other] { $count } пікету
    }
event-cities =
    { $count ->
        [one] { $count } місто
        [few] { $count } міста
        [many] { $count } міст
       *[other] { $count } міста
    }
event-countries =
    { $count ->
        [one] { $count } країна
        [few] { $count } країни
        [many] { $count } країн
       *[other] { $count } країни
    }
picket-date = Дата
picket-time = Час
picket-place = Місце
picket-organiser = Організатор
picket-contact = Контакт
picket-report = Звіт
picket-event = { $event }: пікет, { $city }
calendar-download = Додати до календаря (.ics)
events-upcoming = Найближчі акції
events-past = Минулі акції
no-upcoming-events = Наразі акцій не заплановано.

## Мапи

map-world = Мапа світу
map-title-country = Пікети: { $country }
map-title-city = Пікети: { $city }
map-list-heading = Усі місця на мапі
map-png-alt = Мапа пікетів: { $place }
pickets-in-city =
    { $count ->
        [one] { $city }: { $count } пікет
        [few] { $city }: { $count } пікети
        [many] { $city }: { $count } пікетів
       *[other] { $city }: { $count } пікету
    }

## Дзеркала

mirrors-title = Дзеркала
mirrors-intro = Якщо у вас цей сайт заблоковано, ті самі сторінки доступні за цими адресами. Кожне дзеркало — копія, підписана кампанією.
mirrors-onion = Адреса в мережі Tor: відкрийте її в Tor Browser
mirrors-json = Список дзеркал у форматі JSON, для програм
mirrors-verify = Тримаєте дзеркало? Перевірте, що ваша копія повна й не змінена, командою «samizdat verify» з відкритим ключем кампанії.
mirrors-bundle = Завантажити весь сайт підписаним архівом — щоб читати без мережі або відкрити дзеркало

## Labels added with the profile templates

not-translated-short = ще не перекладено
prisoner-name = Ім’я
days-column = Днів під вартою
label-arrested = Дата арешту
label-released = Дата звільнення
label-born = Дата народження
birthdays-calendar-name = Дні народження в’язнів
