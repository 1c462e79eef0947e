## samizdat, тема по умолчанию: строки интерфейса на русском.
## Числа ($count, $n, $total) выбирают форму по правилам CLDR: [one] 1, 21, 101; [few] 2–4, 22–24;
## [many] 0, 5–20, 25–30, 11–14; [other] дробные. $date — уже записанная по-русски дата
## («29 июля 2015»). $lang — название языка по-русски, в именительном падеже («немецкий»),
## поэтому фразы построены так, чтобы его не склонять.
## Статусы и подписи написаны так, чтобы не зависеть от рода человека.

## Навигация

skip-to-content = Перейти к содержимому
nav-label = Разделы сайта
nav-home = Главная
nav-prisoners = Политзаключённые
nav-events = Акции
nav-appeals = Обращения
nav-cases = Дела
nav-news = Новости
nav-map = Карта
nav-tags = Теги
nav-mirrors = Зеркала
nav-about = О кампании
language-switcher = Язык
in-language = эта страница на языке: { $lang }

## Переводы

not-translated = Эта страница ещё не переведена на { $lang }. Ниже текст на языке оригинала.
outdated-translation = Этот перевод мог устареть. Читайте оригинал:

## Страницы и списки

published = Опубликовано { $date }
updated = Обновлено { $date }
read-more = Читать дальше
tags = Теги
tag-title = Тег: { $tag }
tag-pages =
    { $count ->
        [one] { $count } страница с тегом { $tag }
        [few] { $count } страницы с тегом { $tag }
        [many] { $count } страниц с тегом { $tag }
       *[other] { $count } страницы с тегом { $tag }
    }
pages-count =
    { $count ->
        [one] { $count } страница
        [few] { $count } страницы
        [many] { $count } страниц
       *[other] { $count } страницы
    }
section-empty = Здесь пока ничего нет.
pagination-label = Страницы
page-n-of-m = Страница { $n } из { $total }
previous-page = Предыдущая страница
next-page = Следующая страница
newer = Более новые
older = Более ранние
feed-title = { $site }: новое
feed-link = Подписаться (лента Atom)
sitemap = Карта сайта
search = Поиск
search-placeholder = Поиск по сайту
search-no-js = Для поиска нужен JavaScript; все страницы есть также в разделах и тегах.
search-results =
    { $count ->
        [one] { $count } результат
        [few] { $count } результата
        [many] { $count } результатов
       *[other] { $count } результата
    }
not-found-title = Страница не найдена
not-found-text = По этому адресу ничего нет. Возможно, страница переехала или в ссылке опечатка.
back-home = На главную
redirect-notice = Эта страница переехала: { $url }
draft-badge = Черновик
embargo-badge = Не публикуется до { $date }

## Подвал

footer-mirrors = Зеркала сайта
footer-source = Исходные файлы сайта
footer-no-tracking = Этот сайт не обращается к другим серверам и не ставит куки.
attribution-geodata = Названия мест: GeoNames (CC BY 4.0). Контуры стран: Natural Earth.

## Политзаключённые. Статусы подписывают и одного человека, и группу в списке.

status-detained = Под стражей до суда
status-house_arrest = Под домашним арестом
status-sentenced = Отбывает наказание
status-released = На свободе
status-exile = В вынужденной эмиграции
status-deceased = Нет в живых
status-count-detained =
    { $count ->
        [one] { $count } человек под стражей
        [few] { $count } человека под стражей
        [many] { $count } человек под стражей
       *[other] { $count } человека под стражей
    }
status-count-house_arrest =
    { $count ->
        [one] { $count } человек под домашним арестом
        [few] { $count } человека под домашним арестом
        [many] { $count } человек под домашним арестом
       *[other] { $count } человека под домашним арестом
    }
status-count-sentenced =
    { $count ->
        [one] { $count } человек отбывает наказание
        [few] { $count } человека отбывают наказание
        [many] { $count } человек отбывают наказание
       *[other] { $count } человека отбывают наказание
    }
status-count-released =
    { $count ->
        [one] { $count } человек на свободе
        [few] { $count } человека на свободе
        [many] { $count } человек на свободе
       *[other] { $count } человека на свободе
    }
status-count-exile =
    { $count ->
        [one] { $count } человек в эмиграции
        [few] { $count } человека в эмиграции
        [many] { $count } человек в эмиграции
       *[other] { $count } человека в эмиграции
    }
status-count-deceased =
    { $count ->
        [one] { $count } человек умер
        [few] { $count } человека умерли
        [many] { $count } человек умерли
       *[other] { $count } человека умерли
    }
days-in-custody =
    { $count ->
        [one] { $count } день под стражей
        [few] { $count } дня под стражей
        [many] { $count } дней под стражей
       *[other] { $count } дня под стражей
    }
days-in-custody-released =
    { $count ->
        [one] { $count } день под стражей, освобождение { $date }
        [few] { $count } дня под стражей, освобождение { $date }
        [many] { $count } дней под стражей, освобождение { $date }
       *[other] { $count } дня под стражей, освобождение { $date }
    }
arrested-on = Дата ареста: { $date }
released-on = Дата освобождения: { $date }
born-on = Дата рождения: { $date }
age-years =
    { $count ->
        [one] { $count } год
        [few] { $count } года
        [many] { $count } лет
       *[other] { $count } года
    }
prisoner-status = Статус
prisoner-city = Город
prisoner-photo-alt = Фотография: { $name }
prisoner-case = Дело
prisoner-charges = Обвинения
prisoner-sentence = Приговор
prisoner-recognized-by = Статус политзаключённого признали
prisoner-timeline = Хронология
write-letter = Написать письмо
letter-address = Адрес для писем
letter-languages = Письма доходят на этих языках: { $langs }
letter-note = Обратите внимание
no-address = Адреса для писем пока нет. Помочь можно и так:
help-share = Расскажите об этом деле другим.
help-donate-contact = Чтобы помочь деньгами или с адвокатом, свяжитесь с кампанией:
in-custody-headline =
    { $count ->
        [one] { $count } человек за решёткой
        [few] { $count } человека за решёткой
        [many] { $count } человек за решёткой
       *[other] { $count } человека за решёткой
    }
prisoners-by-status = По статусу
prisoners-by-case = По делам
birthdays-calendar = Дни рождения тех, кто под стражей (.ics), — чтобы вовремя отправить открытку
birthday-event = День рождения: { $name }

## Дела и обращения

case-prisoners =
    { $count ->
        [one] { $count } человек по этому делу
        [few] { $count } человека по этому делу
        [many] { $count } человек по этому делу
       *[other] { $count } человека по этому делу
    }
appeal-demands = Мы требуем
appeal-signatories =
    { $count ->
        [one] { $count } подписант
        [few] { $count } подписанта
        [many] { $count } подписантов
       *[other] { $count } подписанта
    }
appeal-action = Акция
appeal-contact = Связаться
contact-email = Эл. почта
contact-telegram = Telegram
contact-signal = Signal

## Акции и пикеты

event-dates = Даты
event-upcoming = Предстоит
event-past = Прошла
event-pickets =
    { $count ->
        [one] { $count } пикет
        [few] { $count } пикета
        [many] { $count } пикетов
       *[other] { $count } пикета
    }
event-cities =
    { $count ->
        [one] { $count } город
        [few] { $count } города
        [many] { $count } городов
       *[other] { $count } города
    }
event-countries =
    { $count ->
        [one] { $count } страна
        [few] { $count } страны
        [many] { $count } стран
       *[other] { $count } страны
    }
picket-date = Дата
picket-time = Время
picket-place = Место
picket-organiser = Организатор
picket-contact = Контакт
picket-report = Отчёт
picket-event = { $event }: пикет, { $city }
calendar-download = Добавить в календарь (.ics)
events-upcoming = Предстоящие акции
events-past = Прошедшие акции
no-upcoming-events = Сейчас акций не запланировано.

## Карты

map-world = Карта мира
map-title-country = Пикеты: { $country }
map-title-city = Пикеты: { $city }
map-list-heading = Все места на карте
map-png-alt = Карта пикетов: { $place }
pickets-in-city =
    { $count ->
        [one] { $city }: { $count } пикет
        [few] { $city }: { $count } пикета
        [many] { $city }: { $count } пикетов
       *[other] { $city }: { $count } пикета
    }

## Зеркала

mirrors-title = Зеркала
mirrors-intro = Если у вас этот сайт заблокирован, те же страницы доступны по этим адресам. Каждое зеркало — копия, подписанная кампанией.
mirrors-onion = Адрес в сети Tor: откройте его в Tor Browser
mirrors-json = Список зеркал в формате JSON, для программ
mirrors-verify = Держите зеркало? Проверьте, что ваша копия полна и не изменена, командой «samizdat verify» с открытым ключом кампании.
mirrors-bundle = Скачать весь сайт подписанным архивом — чтобы читать без сети или открыть зеркало

## Labels added with the profile templates

not-translated-short = ещё не переведено
prisoner-name = Имя
days-column = Дней под стражей
label-arrested = Арестован(а)
label-released = Освобождён(а)
label-born = Дата рождения
birthdays-calendar-name = Дни рождения узников
