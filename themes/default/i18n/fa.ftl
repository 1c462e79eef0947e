## samizdat, default theme: Persian interface strings.
## Persian nouns after a number stay singular ("۵ روز"), so these messages need no plural
## variants. $date is a date already written in Persian (Solar Hijri calendar, Persian digits);
## $lang is a language's name in Persian ("روسی"). Keys left out here come from the site's
## default language.

## Navigation

skip-to-content = رفتن به محتوا
nav-label = بخش‌های سایت
nav-home = خانه
nav-prisoners = زندانیان
nav-events = رویدادها
nav-appeals = فراخوان‌ها
nav-cases = پرونده‌ها
nav-news = اخبار
nav-map = نقشه
nav-tags = برچسب‌ها
nav-mirrors = سایت‌های آینه
nav-about = درباره کارزار
language-switcher = زبان
in-language = این صفحه به { $lang }

## Translations

not-translated = این صفحه هنوز به { $lang } ترجمه نشده است. متن زیر به زبان اصلی است.
outdated-translation = ممکن است این ترجمه قدیمی باشد. متن اصلی را بخوانید:

## Pages and lists

published = منتشرشده در { $date }
updated = به‌روزرسانی‌شده در { $date }
read-more = ادامه مطلب
tags = برچسب‌ها
tag-title = برچسب: { $tag }
tag-pages = { $count } صفحه با برچسب { $tag }
pages-count = { $count } صفحه
section-empty = هنوز چیزی اینجا نیست.
pagination-label = صفحه‌ها
page-n-of-m = صفحه { $n } از { $total }
previous-page = صفحه قبل
next-page = صفحه بعد
newer = جدیدتر
older = قدیمی‌تر
feed-title = { $site }: تازه‌ها
feed-link = اشتراک (خوراک Atom)
sitemap = نقشه سایت
search = جست‌وجو
search-placeholder = جست‌وجو در این سایت
search-no-js = جست‌وجو به جاوااسکریپت نیاز دارد؛ همه صفحه‌ها در بخش‌ها و برچسب‌ها هم فهرست شده‌اند.
search-results = { $count } نتیجه
not-found-title = صفحه پیدا نشد
not-found-text = در این نشانی صفحه‌ای نیست. شاید جابه‌جا شده باشد یا در پیوند غلط تایپی باشد.
back-home = رفتن به صفحه اصلی
redirect-notice = این صفحه به { $url } منتقل شده است.
draft-badge = پیش‌نویس
embargo-badge = تا { $date } منتشر نمی‌شود

## Footer

footer-mirrors = آینه‌های این سایت
footer-source = فایل‌های منبع این سایت
footer-no-tracking = این سایت به هیچ سرور دیگری درخواست نمی‌فرستد و کوکی ذخیره نمی‌کند.
attribution-geodata = نام مکان‌ها: GeoNames (CC BY 4.0). مرز کشورها: Natural Earth.

## Prisoners

status-detained = در بازداشت موقت
status-house_arrest = در حبس خانگی
status-sentenced = در حال گذراندن محکومیت
status-released = آزادشده
status-exile = در تبعید
status-deceased = درگذشته
status-count-detained = { $count } نفر در بازداشت
status-count-house_arrest = { $count } نفر در حبس خانگی
status-count-sentenced = { $count } نفر در حال گذراندن محکومیت
status-count-released = { $count } نفر آزاد شده‌اند
status-count-exile = { $count } نفر در تبعید
status-count-deceased = { $count } نفر درگذشته‌اند
days-in-custody = { $count } روز در بازداشت
days-in-custody-released = { $count } روز در بازداشت، تا آزادی در { $date }
arrested-on = تاریخ بازداشت: { $date }
released-on = تاریخ آزادی: { $date }
born-on = تاریخ تولد: { $date }
age-years = { $count } ساله
prisoner-status = وضعیت
prisoner-city = شهر
prisoner-photo-alt = عکس: { $name }
prisoner-case = پرونده
prisoner-charges = اتهام‌ها
prisoner-sentence = حکم
prisoner-recognized-by = زندانی سیاسی شناخته‌شده از سوی
prisoner-timeline = گاه‌شمار
write-letter = نامه بنویسید
letter-address = نشانی برای نامه
letter-languages = نامه به این زبان‌ها به دستشان می‌رسد: { $langs }
letter-note = توجه کنید
no-address = هنوز نشانی‌ای برای نامه نیست. باز هم می‌توانید کمک کنید:
help-share = درباره این پرونده به دیگران بگویید.
help-donate-contact = برای کمک مالی یا حقوقی با کارزار تماس بگیرید:
in-custody-headline = { $count } نفر پشت میله‌های زندان‌اند
prisoners-by-status = بر اساس وضعیت
prisoners-by-case = بر اساس پرونده
birthdays-calendar = تولد بازداشت‌شدگان (.ics)، برای فرستادن کارت پستال
birthday-event = تولد { $name }

## Cases and appeals

case-prisoners = { $count } نفر در این پرونده تحت پیگرد
appeal-demands = خواسته‌های ما
appeal-signatories = { $count } امضاکننده
appeal-action = اقدام
appeal-contact = تماس
contact-email = ایمیل
contact-telegram = تلگرام
contact-signal = سیگنال

## Actions and pickets

event-dates = تاریخ‌ها
event-upcoming = پیش رو
event-past = برگزارشده
event-pickets = { $count } تجمع
event-cities = { $count } شهر
event-countries = { $count } کشور
picket-date = تاریخ
picket-time = ساعت
picket-place = مکان
picket-organiser = برگزارکننده
picket-contact = تماس
picket-report = گزارش
picket-event = { $event }: تجمع در { $city }
calendar-download = افزودن به تقویم (.ics)
events-upcoming = رویدادهای پیش رو
events-past = رویدادهای گذشته
no-upcoming-events = فعلاً رویدادی برنامه‌ریزی نشده است.

## Maps

map-world = نقشه جهان
map-title-country = تجمع‌ها در { $country }
map-title-city = تجمع‌ها در { $city }
map-list-heading = همه مکان‌های روی نقشه
map-png-alt = نقشه تجمع‌ها: { $place }
pickets-in-city = { $count } تجمع در { $city }

## Mirrors

mirrors-title = سایت‌های آینه
mirrors-intro = اگر این سایت در جایی که هستید مسدود است، همین صفحه‌ها در این نشانی‌ها هم هست. هر آینه نسخه‌ای است که کارزار آن را امضا کرده است.
mirrors-onion = نشانی onion: آن را در مرورگر Tor باز کنید
mirrors-json = فهرست آینه‌ها به صورت JSON، برای برنامه‌ها

## Labels added with the profile templates

not-translated-short = هنوز ترجمه نشده
prisoner-name = نام
days-column = روزهای بازداشت
label-arrested = تاریخ بازداشت
label-released = تاریخ آزادی
label-born = تاریخ تولد
mirrors-verify = میزبان یک آینه هستید؟ با «samizdat verify» و کلید عمومی کمپین بررسی کنید که نسخه‌ی شما کامل و دست‌نخورده است.
mirrors-bundle = کل سایت را به‌صورت یک بایگانی امضاشده دانلود کنید، برای خواندن بدون اینترنت یا میزبانی یک آینه
birthdays-calendar-name = زادروز زندانیان
