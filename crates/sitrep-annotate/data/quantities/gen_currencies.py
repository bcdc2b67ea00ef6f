#!/usr/bin/env python3
"""Generate currencies.tsv: the money lexicon of sitrep's quantity finder.

usage: python3 -m venv /tmp/curenv && /tmp/curenv/bin/pip install pycountry
       /tmp/curenv/bin/python data/quantities/gen_currencies.py > data/quantities/currencies.tsv

Columns: FORM <TAB> ISO 4217 CODE (CODE-cent: a hundredth of it) <TAB> WHERE, WHERE being
  name   a currency name, after the number ("450 swiss francs"), matched case-insensitively;
  code   an ISO 4217 code, before or after the number ("USD 200", "200 usd"), any letter case;
  CODE   the same, in capitals only (the code is also an English word or acronym);
  symbol a sign, before or after the number ("$20", "10 €", "HK$5").
Sources: pycountry's ISO 4217 table (codes and official names, LGPL-2.1 package, ISO data), with
plurals made here; the hand-written lists below (general knowledge, public domain): everyday
names, withdrawn codes of the euro's predecessor currencies, Unicode currency signs (Unicode Sc category) and the
dollar-sign prefixes of countries that use "dollar" or "peso".
"""
import sys

import pycountry

INVARIANT = {"yen", "yuan", "won", "renminbi", "baht", "rand", "kip", "riel", "kyat", "som", "tenge",
             "lari", "dong", "rupiah", "ringgit", "naira", "cedi", "kwacha", "leone", "ngultrum",
             "pataca", "vatu", "ouguiya", "colon", "guarani", "loti", "lilangeni", "tala", "paanga",
             "kina", "afghani", "lempira", "quetzal", "balboa", "sol", "boliviano", "bolivar",
             "birr", "pence", "sterling", "nakfa", "dobra", "ariary", "pula", "taka", "rufiyaa", "manat", "dram", "lek",
             "denar", "lev", "leu", "forint", "hryvnia", "zloty", "koruna", "kuna", "markka"}
IRREGULAR = {"lira": ["lire", "liras"], "krona": ["kronor", "kronur"], "krone": ["kroner"],
             "real": ["reais"], "leu": ["lei"], "lev": ["leva"], "koruna": ["korun", "koruny"],
             "hryvnia": ["hryvnias", "hryvnyas", "hryvni"], "zloty": ["zlotys", "zlotych"],
             "markka": ["markkaa"], "shilling": ["shillings"], "peso": ["pesos"], "rupee": ["rupees"],
             "franc": ["francs"], "dinar": ["dinars"], "dirham": ["dirhams"], "riyal": ["riyals"],
             "rial": ["rials"], "pound": ["pounds"], "dollar": ["dollars"], "euro": ["euros"],
             "ruble": ["rubles", "roubles"], "rouble": ["roubles"], "kwanza": ["kwanzas"],
             "cedi": ["cedis"], "naira": ["nairas"], "rand": ["rands"], "bitcoin": ["bitcoins"],
             "manat": ["manats"], "tenge": ["tenges"], "dong": ["dongs"], "som": ["soms"],
             "forint": ["forints"], "guilder": ["guilders"], "mark": ["marks"], "peseta": ["pesetas"],
             "escudo": ["escudos"], "drachma": ["drachmas", "drachmae"], "schilling": ["schillings"],
             "sheqel": ["sheqels", "shekels"], "shekel": ["shekels"], "won": ["won"], "penny": ["pennies"]}
# Everyday names and the currency a bare name means in English news (its most common reading).
COMMON = """dollar USD|us dollar USD|u.s. dollar USD|american dollar USD|greenback USD|buck USD
euro EUR|pound sterling GBP|pounds sterling GBP|sterling GBP|british pound GBP|pound GBP|pence GBP-cent|penny GBP-cent|cent USD-cent|yen JPY|japanese yen JPY
yuan CNY|renminbi CNY|chinese yuan CNY|rmb CNY|won KRW|south korean won KRW|korean won KRW|north korean won KPW
ruble RUB|rouble RUB|russian ruble RUB|russian rouble RUB|hryvnia UAH|ukrainian hryvnia UAH|rupee INR|indian rupee INR
franc CHF|swiss franc CHF|peso MXN|mexican peso MXN|canadian dollar CAD|australian dollar AUD|new zealand dollar NZD
hong kong dollar HKD|singapore dollar SGD|taiwan dollar TWD|taiwanese dollar TWD|brazilian real BRL|reais BRL
rand ZAR|south african rand ZAR|lira TRY|turkish lira TRY|shekel ILS|israeli shekel ILS|riyal SAR|saudi riyal SAR
dirham AED|emirati dirham AED|naira NGN|baht THB|thai baht THB|ringgit MYR|rupiah IDR|dong VND|zloty PLN|polish zloty PLN
forint HUF|czech koruna CZK|koruna CZK|swedish krona SEK|krona SEK|norwegian krone NOK|danish krone DKK
shilling KES|kenyan shilling KES|cedi GHS|kwacha ZMW|iranian rial IRR|rial IRR|taka BDT|tenge KZT|lari GEL|manat AZN
leu RON|romanian leu RON|lev BGN|kyat MMK|kip LAK|riel KHR|tugrik MNT|pula BWP|birr ETB|pakistani rupee PKR
sri lankan rupee LKR|nepalese rupee NPR|egyptian pound EGP|bitcoin BTC|afghani AFN|kuwaiti dinar KWD|iraqi dinar IQD
french franc FRF|belgian franc BEF|deutsche mark DEM|deutschmark DEM|german mark DEM|dutch guilder NLG|guilder NLG
finnish markka FIM|markka FIM|italian lira ITL|spanish peseta ESP|peseta ESP|portuguese escudo PTE|escudo PTE
greek drachma GRD|drachma GRD|austrian schilling ATS|irish pound IEP|luxembourg franc LUF|ecu XEU|soviet ruble SUR"""
# Currency names of the other languages sitrep has packs for (German, French, Spanish, Italian,
# Portuguese, Polish, Russian, Ukrainian, Korean, Japanese, Chinese), with their inflected and plural
# forms; written by hand from general knowledge of the languages (as CLDR's currency display names
# give them), public domain. A bare "元" is the yuan, "원" the South Korean won.
OTHER_LANGUAGES = """us-dollar USD|nordkoreanische won KPW|nordkoreanischen won KPW|rubel RUB|franken CHF|pfund GBP
hrywnja UAH|griwna UAH|dollars américains USD|livre sterling GBP|livres sterling GBP|wons KRW|yuans CNY
won nord-coréen KPW|wons nord-coréens KPW|dólar USD|dólares USD|dólares estadounidenses USD|rublo RUB|rublos RUB
libra esterlina GBP|libras esterlinas GBP|yenes JPY|wones KRW|grivna UAH|grivnas UAH|dollaro USD|dollari USD|rubli RUB
sterline GBP|franchi svizzeri CHF|dolar USD|dolara USD|dolary USD|dolarów USD|dol USD|rubla RUB|funtów GBP
hrywien UAH|jenów JPY|wonów KRW|juanów CNY|złoty PLN|złotych PLN|złote PLN|доллар USD|доллара USD|долларов USD
доллары USD|долл USD|евро EUR|рубль RUB|рубля RUB|рублей RUB|рубли RUB|гривна UAH|гривны UAH|гривен UAH|иен JPY
юаней CNY|юань CNY|долар USD|долара USD|доларів USD|долари USD|євро EUR|гривня UAH|гривні UAH|гривень UAH
рублів RUB|달러 USD|원 KRW|유로 EUR|엔 JPY|위안 CNY|루블 RUB|ドル USD|円 JPY|ユーロ EUR|ウォン KRW|ルーブル RUB
人民元 CNY|元 CNY|美元 USD|欧元 EUR|日元 JPY|韩元 KRW|卢布 RUB|英镑 GBP|人民币 CNY"""
# Codes that are English words or common acronyms: never read as money ...
CODES_ALSO_WORDS = {"ALL", "BOB", "CUP", "GEL", "MOP", "PEN", "SOS", "TOP", "TRY", "MAD", "AMD", "BAM",
                    "DOP", "FUN", "LAK", "ERN", "MUR", "WST", "STD", "AOA", "ANG", "BOV", "CLF", "COU",
                    "MXV", "UYI", "UYW", "CHE", "CHW", "USN", "SLE", "VED", "ZWG"}
# ... or only in capitals ("500 CAD", not "cad").
CODES_UPPER_ONLY = {"CAD", "GYD", "RON", "SAR", "SEK", "TMT", "VES", "XAF", "HUF", "NIO", "PAB", "SVC",
                    "XOF", "XPF", "BIF", "BND", "CVE", "NAD", "LSL", "MDL", "MGA", "GIP", "HNL", "SHP"}
# Withdrawn ISO 4217 codes still met in news archives: the national currencies the euro replaced
# (Austria, Belgium, Cyprus, Germany, Estonia, Spain, Finland, France, Greece, Ireland, Italy,
# Lithuania, Luxembourg, Latvia, Malta, Netherlands, Portugal, Slovenia, Slovakia), the European
# Currency Unit, the Soviet rouble, and the two informal bitcoin codes.
HISTORIC = {
    "ATS", "BEF", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GRD", "IEP", "ITL", "LTL", "LUF", "LVL",
    "MTL", "NLG", "PTE", "SIT", "SKK", "XEU", "SUR", "BTC", "XBT",
}
SYMBOLS = """$ USD|US$ USD|U.S.$ USD|USD$ USD|¢ USD-cent|€ EUR|£ GBP|¥ JPY|₩ KRW|₽ RUB|₴ UAH|₹ INR|₿ BTC|₭ LAK|₺ TRY
₪ ILS|₦ NGN|₱ PHP|฿ THB|₫ VND|₮ MNT|₲ PYG|₵ GHS|₸ KZT|₼ AZN|₾ GEL|৳ BDT|֏ AMD|؋ AFN|៛ KHR|₡ CRC|₣ FRF|₤ ITL
₯ GRD|₧ ESP|ரூ LKR|රු LKR|﷼ SAR|C$ CAD|CA$ CAD|CAD$ CAD|Can$ CAD|A$ AUD|AU$ AUD|AUD$ AUD|NZ$ NZD|NZD$ NZD
HK$ HKD|HKD$ HKD|S$ SGD|SG$ SGD|SGD$ SGD|NT$ TWD|R$ BRL|Mex$ MXN|MX$ MXN|MXN$ MXN|RMB¥ CNY|CN¥ CNY|JP¥ JPY
Rs INR|Rs. INR|INR₹ INR|KSh KES|Ksh KES|Sh KES|USh UGX|TSh TZS|zł PLN|Kč CZK|kr SEK|R ZAR|RM MYR|Rp IDR
E£ EGP|L.E. EGP|₨ PKR|Br ETB|Fr. CHF|CHF CHF|SFr. CHF|Dh AED|Dhs AED|Dkr DKK|Nkr NOK|Skr SEK"""


def plural_forms(name):
    words = name.split()
    last = words[-1]
    forms = [name]
    if last in IRREGULAR:
        forms += [" ".join(words[:-1] + [p]) for p in IRREGULAR[last]]
    elif last not in INVARIANT:
        forms.append(" ".join(words[:-1] + [last + "s"]))
    return forms


def main():
    rows = {}

    def add(form, code, where):
        rows.setdefault((form, where), code)

    for pair in COMMON.replace("\n", "|").split("|"):
        name, code = pair.rsplit(" ", 1)
        for f in plural_forms(name):
            add(f, code, "name")
    for pair in OTHER_LANGUAGES.replace("\n", "|").split("|"):
        name, code = pair.rsplit(" ", 1)
        add(name, code, "name")
    for c in pycountry.currencies:
        name = c.name.lower()
        if "(" in name or "unit" in name or "fund" in name or c.alpha_3.startswith("X") and c.alpha_3 != "XEU":
            continue
        for f in plural_forms(name):
            add(f, c.alpha_3, "name")
        if c.alpha_3 in CODES_UPPER_ONLY:
            add(c.alpha_3, c.alpha_3, "CODE")
        elif c.alpha_3 not in CODES_ALSO_WORDS:
            add(c.alpha_3, c.alpha_3, "code")
    for code in sorted(HISTORIC):
        add(code, code, "CODE")  # capitals only: "SIT" and "LVL" are also words
    add("RMB", "CNY", "code")  # renminbi, used like a code
    for pair in SYMBOLS.replace("\n", "|").split("|"):
        sym, code = pair.rsplit(" ", 1)
        add(sym, code, "symbol")
    out = sys.stdout
    out.write("# sitrep quantities: currency forms -> ISO 4217 codes. Generated by gen_currencies.py from\n")
    out.write("# pycountry %s (ISO 4217 codes and names) and the hand-written lists in that script.\n"
              % getattr(pycountry, "__version__", ""))
    out.write("# FORM\tCODE\tWHERE (name|code|CODE|symbol)\n")
    for (form, where), code in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        out.write("%s\t%s\t%s\n" % (form, code, where))


main()
