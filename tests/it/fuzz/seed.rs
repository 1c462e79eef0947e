//! The seed site every case mutates: small, but with every feature a campaign uses (three
//! languages, one right to left; prisoners with photos; a case; a day of action with pickets in
//! front matter and in a spreadsheet; an appeal; news with footnotes, tables, headings and
//! comments; drafts, embargoes, translations, `untranslated: skip`, aliases, tags, static files
//! and pictures of every kind), and a canary in every place that must never be published.
//!
//! Every canary is `zqkanary` followed by letters naming its place, so a leak says where it came
//! from. Which canaries may legitimately be published is judged again on each mutated site by
//! the rules of the handbook (see `oracle`), never from this file.

use super::images;
use std::collections::BTreeMap;

/// The prefix of every canary. Lower case letters only, so no slug, URL or search-index
/// tokenizer splits or changes it.
pub const CANARY: &str = "zqkanary";

/// One entry of a site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    File(Vec<u8>),
    /// A symbolic link with its target, as written.
    Link(String),
    /// An empty folder.
    Dir,
}

/// A case's files, relative to the case folder: the site is under `site/`, files it must never
/// reach under `outside/`.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub nodes: BTreeMap<String, Node>,
    /// Files that only one page links to, with that page and the name its link uses: they are
    /// withheld with the page while no other file names them.
    pub linked_only: Vec<(String, String, String)>,
}

impl Tree {
    fn file(&mut self, path: &str, text: impl AsRef<[u8]>) {
        self.nodes
            .insert(path.to_string(), Node::File(text.as_ref().to_vec()));
    }

    fn page(&mut self, path: &str, text: &str) {
        self.file(path, text);
    }

    fn translation(&mut self, path: &str, _original: &str, text: &str) {
        self.file(path, text);
    }
}

const SITE_YAML: &str = "# The seed site of the fuzz test. zqkanaryyamlcomment
title: {en: Free them all, ru: Свободу всем, fa: آزادی برای همه}
description:
  en: Solidarity with the people prosecuted after the protest. # zqkanaryyamlcommenttwo
  ru: Солидарность с преследуемыми после протеста.
base_url: https://example.org/campaign/
default_language: en
languages:
  en: {name: English}
  ru: {name: Русский}
  fa: {name: فارسی, dir: rtl}
untranslated: skip
relative_urls: true
timezone: Europe/Moscow
contact:
  email: solidarity@example.org
  telegram: \"@free_them_all\"
mirrors:
  - {url: https://mirror.example.net/free/, name: A volunteer's copy}
  - {url: \"http://freethemallexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion/\", name: Onion}
privacy:
  allow: [video.example.org]
paginate: 2
";

/// The seed site, unmutated.
pub fn seed() -> Tree {
    let mut t = Tree::default();
    t.file("site/site.yaml", SITE_YAML);

    t.page(
        "site/content/_index.md",
        "---\ntitle: Free them all\nprivate: zqkanaryprivhome\n---\nThe campaign's home. <!-- zqkanarycommenthome -->\n\nRead [the news](news/) and [about us](about.md).\n",
    );
    t.translation(
        "site/content/_index.ru.md",
        "site/content/_index.md",
        "---\ntitle: Свободу всем\n---\nГлавная страница кампании.\n",
    );
    t.translation(
        "site/content/_index.fa.md",
        "site/content/_index.md",
        "---\ntitle: آزادی برای همه\n---\nصفحهٔ اصلی کارزار. \u{202B}متن\u{202C}\n",
    );
    t.page(
        "site/content/about.md",
        "---\ntitle: About us\nsummary: Who we are.\ntags: [campaign, about]\naliases: [/old-about/, /who.html]\nupdated: 2024-05-01\nprivate:\n  source: zqkanaryprivabout\n  phone: +7 900 000 00 00\n---\nWe are a campaign.[^1] See [the verdict](news/2014-02-24-verdict.md#the-verdict).\n\n<!--\nEditor: do not publish zqkanarycommentabout\n-->\n\n## Who we are\n\n| Year | Event |\n|---|---|\n| 2012 | The march |\n| 2014 | The verdict |\n\n## Who we are\n\nTwice, on purpose.\n\n[^1]: Since 2012.\n",
    );
    t.translation(
        "site/content/about.ru.md",
        "site/content/about.md",
        "---\ntitle: О нас\nprivate: zqkanaryprivaboutru\n---\nМы — кампания.[^1] <!-- zqkanarycommentaboutru -->\n\n## Кто мы\n\n[^1]: С 2012 года.\n",
    );
    t.translation(
        "site/content/about.fa.md",
        "site/content/about.md",
        "---\ntitle: دربارهٔ ما\n---\nما یک کارزار هستیم.\n\n## ما کیستیم\n",
    );

    // News: a public post with everything in its text, a draft with its translation, folder,
    // tag, alias and linked file, an embargoed post with its folder.
    t.page(
        "site/content/news/_index.md",
        "---\ntitle: News\n---\nWhat happened.\n",
    );
    t.translation(
        "site/content/news/_index.ru.md",
        "site/content/news/_index.md",
        "---\ntitle: Новости\n---\n",
    );
    t.page(
        "site/content/news/2014-02-24-verdict.md",
        "---\ntitle: The verdict\ndate: 2014-02-24\ntags: [bolotnaya, verdict]\nprivate: {source: zqkanaryprivnews, note: \"call back\"}\n---\nThe verdict came on 24 February.[^court]\n\n<!-- zqkanarycommentnews: the lawyer asked us to wait -->\n\n## The verdict\n\n![diagram](figures/diagram.svg)\n![banner](figures/banner.gif)\n![still](figures/still.webp)\n\n## Reactions\n\n> Freedom to the prisoners.\n\n- one\n- two\n  - three\n\n```\ncode <!-- not a comment -->\n```\n\n## Reactions\n\n[^court]: The Zamoskvoretsky court.\n",
    );
    t.translation(
        "site/content/news/2014-02-24-verdict.ru.md",
        "site/content/news/2014-02-24-verdict.md",
        "---\ntitle: Приговор\n---\nПриговор вынесен 24 февраля.\n\n## Приговор {#the-verdict}\n",
    );
    t.translation(
        "site/content/news/2014-02-24-verdict.fa.md",
        "site/content/news/2014-02-24-verdict.md",
        "---\ntitle: حکم\ndraft: true\n---\nzqkanarydraftfa\n",
    );
    t.file(
        "site/content/news/figures/diagram.svg",
        images::svg("zqkanarysvgnews"),
    );
    t.file(
        "site/content/news/figures/banner.gif",
        images::gif("zqkanarygifnews"),
    );
    t.file(
        "site/content/news/figures/still.webp",
        images::webp("zqkanarywebpnews"),
    );
    t.page(
        "site/content/news/zqkanarydraft.md",
        "---\ntitle: zqkanarydrafttitle\ndate: 2026-03-01\ndraft: true\ntags: [zqkanarydrafttag]\naliases: [/zqkanarydraftalias/]\n---\nNot yet: zqkanarydraftbody. The [handout](handout-zq.txt).\n",
    );
    t.translation(
        "site/content/news/zqkanarydraft.ru.md",
        "site/content/news/zqkanarydraft.md",
        "---\ntitle: Черновик\n---\nzqkanarydraftru\n",
    );
    t.file(
        "site/content/news/zqkanarydraft/extra.txt",
        "zqkanarydraftfolder\n",
    );
    t.file(
        "site/content/news/zqkanarydraft.pdf",
        "%PDF-1.4 zqkanarydraftpdf\n",
    );
    t.file("site/content/news/handout-zq.txt", "zqkanarydraftlinked\n");
    t.linked_only.push((
        "site/content/news/handout-zq.txt".into(),
        "site/content/news/zqkanarydraft.md".into(),
        "handout-zq".into(),
    ));
    t.page(
        "site/content/news/zqkanaryembargo.md",
        "---\ntitle: Embargoed\ndate: 2026-03-02\npublish_after: 2999-01-01\n---\nzqkanaryembargobody\n",
    );
    t.file(
        "site/content/news/zqkanaryembargo/leaflet.txt",
        "zqkanaryembargofolder\n",
    );

    // A case and two prisoners with photos full of metadata, one under embargo.
    t.page("site/content/cases/_index.md", "---\ntitle: Cases\n---\n");
    t.page(
        "site/content/cases/bolotnaya.md",
        "---\ntitle: The Bolotnaya case\ndate: 2012-05-28\ntags: [bolotnaya]\n---\nA case for \"mass riots\".\n\n## How to help {#help}\n\nWrite letters.\n",
    );
    t.translation(
        "site/content/cases/bolotnaya.ru.md",
        "site/content/cases/bolotnaya.md",
        "---\ntitle: Болотное дело\n---\nДело о «массовых беспорядках».\n",
    );
    t.page(
        "site/content/prisoners/_index.md",
        "---\ntitle: Prisoners\n---\n",
    );
    t.page(
        "site/content/prisoners/ivan-petrov.md",
        "---\nname: Ivan Petrov\nstatus: detained\nborn: 1990-01-19\narrested: 2014-01-19\ncase: bolotnaya\ncharges: [\"Mass riots (Art. 212)\"]\ncity: Moscow\ncountry: RU\nrecognized_by: [Memorial]\nphoto: ./ivan-petrov.jpg\nletters:\n  address: |\n    SIZO-1, Moscow\n    Ivan Petrov, born 1990\n  languages: [ru, en]\n  note: Letters are read by censors.\ntimeline:\n  - {date: 2014-01-19, text: Detained}\n  - {date: 2014-02-24, text: Sentenced}\ntags: [bolotnaya]\nprivate:\n  source: zqkanaryprivprisoner\n---\nIvan is a student. <!-- zqkanarycommentprisoner -->\n\n## How to help {#help}\n\nWrite to him.\n",
    );
    t.translation(
        "site/content/prisoners/ivan-petrov.ru.md",
        "site/content/prisoners/ivan-petrov.md",
        "---\nname: Иван Петров\n---\nИван — студент.\n",
    );
    t.file(
        "site/content/prisoners/ivan-petrov.jpg",
        images::jpeg(Some("zqkanaryjpeg")),
    );
    t.page(
        "site/content/prisoners/maria-ivanova.md",
        "---\nname: Maria Ivanova\nstatus: released\narrested: 2013-05-06\nreleased: 2015-05-06\ncase: bolotnaya\nphoto: ./maria-ivanova.png\n---\nMaria was released.\n",
    );
    t.file(
        "site/content/prisoners/maria-ivanova.png",
        images::png(Some("zqkanarypng")),
    );
    t.page(
        "site/content/prisoners/zqkanaryprisoner.md",
        "---\nname: Secret Person\nstatus: detained\narrested: 2025-03-14\npublish_after: 2999-01-01\nphoto: ./zqkanaryprisoner.jpg\n---\nArrested this morning: zqkanaryprisonerbody.\n",
    );
    t.file(
        "site/content/prisoners/zqkanaryprisoner.jpg",
        images::jpeg(None),
    );

    // A day of action with pickets in front matter and a spreadsheet (with a notes column
    // without a name), and a draft action with its own spreadsheet.
    t.page(
        "site/content/events/_index.md",
        "---\ntitle: Days of action\n---\n",
    );
    t.page(
        "site/content/events/days-2014.md",
        "---\ntitle: Days of solidarity\nstart: 2014-02-20\nend: 2014-02-24\ntags: [bolotnaya, pickets]\npickets:\n  - {city: London, country: GB, date: 2014-02-22, time: \"14:00\", place: \"Russian Embassy, 6/7 Kensington Palace Gardens\", organiser: London Solidarity}\n  - {city: Wien, country: AT, date: 2014-02-21, time: \"17:00\", place: Reisnerstraße 45}\n  - {city: Somewhere, country: DE, lat: 52.1, lon: \"13,4\", report: \"https://example.org/report\"}\nprivate: zqkanaryprivevent\n---\nBring a banner. <!-- zqkanarycommentevent -->\n",
    );
    t.translation(
        "site/content/events/days-2014.ru.md",
        "site/content/events/days-2014.md",
        "---\ntitle: Дни солидарности\n---\nПринесите плакат.\n",
    );
    t.file(
        "site/content/events/days-2014.pickets.csv",
        "city,country,date,time,place,organiser,\nStockholm,SE,2014-02-22,13:00,\"Ryska ambassaden, Gjörwellsgatan 31\",Stockholm solidarity,zqkanarycsvnote\nOslo,NO,2014-02-22,12.00,Drammensveien 74,,call zqkanarycsvnotetwo\r\nКиев,UA,,,,,\n",
    );
    t.page(
        "site/content/events/zqkanaryaction.md",
        "---\ntitle: A surprise action\nstart: 2026-06-01\ndraft: true\npickets:\n  - {city: Berlin, country: DE, place: zqkanaryactionpicket}\n---\nzqkanaryactionbody\n",
    );
    t.file(
        "site/content/events/zqkanaryaction.pickets.csv",
        "city,country,place\nParis,FR,zqkanaryactioncsv\n",
    );

    t.page(
        "site/content/appeals/_index.md",
        "---\ntitle: Appeals\n---\n",
    );
    t.page(
        "site/content/appeals/free-them.md",
        "---\ntitle: Free them!\ndate: 2014-02-10\ndemands: [Release all, Drop the charges]\nsignatories: [Memorial, Left Front]\naction: days-2014\ncontact: {email: appeal@example.org}\ntags: [bolotnaya]\n---\nJoin the [days of action](../events/days-2014.md).\n",
    );
    t.translation(
        "site/content/appeals/free-them.fa.md",
        "site/content/appeals/free-them.md",
        "---\ntitle: آزادشان کنید!\n---\nبه روزهای اقدام بپیوندید.\n",
    );

    // static/: published as they are, pictures cleaned.
    t.file("site/static/leaflet.txt", "Print and share.\n");
    t.file("site/static/css/extra.css", "body { color: #111; }\n");
    t.file("site/static/logo.svg", images::svg("zqkanarysvgstatic"));
    t.file(
        "site/static/img/banner.gif",
        images::gif("zqkanarygifstatic"),
    );
    t.file(
        "site/static/img/banner.webp",
        images::webp("zqkanarywebpstatic"),
    );
    t.file(
        "site/static/img/poster.png",
        images::png(Some("zqkanarypngstatic")),
    );

    // Outside the site: what links and paths may try to reach.
    t.file(
        "outside/secret.md",
        "---\ntitle: Outside\n---\nzqkanaryoutsidepage\n",
    );
    t.file("outside/secret.txt", "zqkanaryoutsidetext\n");
    t.file(
        "outside/photo.jpg",
        images::jpeg(Some("zqkanaryoutsidejpeg")),
    );
    t
}
