//! Generate a large news corpus of many stories for the scale benchmark
//! (`scripts/bench-scale.sh`), streamed to a file or standard output.
//!
//! ```sh
//! cargo run --release -p sitrep --example gen_scale -- N OUT.jsonl [--seed S] [--first K] [--stories M]
//! ```
//!
//! Writes articles `K .. K+N` (default `K` = 0) as JSON Lines (`OUT` may be
//! `-`). Each article belongs to one of `M` stories (default: one per 100
//! articles of `K+N`, at least 20), drawn with Zipf-distributed weights so
//! story sizes are skewed: the largest story holds about a tenth of the
//! corpus at a million articles, the long tail a handful each. A story is a
//! kind of event (floods, a strike, a wildfire, a troop build-up, an
//! outbreak, layoffs, refugees, an earthquake, a drought, protests) in an
//! invented town, with its own people, organisations, start date and a
//! handful of measured topics whose true values drift over time. An article
//! (about 3 KB of text) reports about two of its story's topics, each
//! figure stated by one of the story's sources with a hedge ("more than",
//! "about", "up to", a range) and noise, plus quotes, background and dates.
//!
//! The URL of an article holds its story number (`/stories/K/`), the truth
//! a fusion of the corpus into stories can be checked against.
//!
//! Every article is generated from the seed and its own number alone, so
//! any range of articles can be written (the bench adds 1,000 more to a
//! store this way), and the same arguments always give the same bytes.
//! Nothing is held in memory beyond one article. All wording is invented
//! for this generator.

mod common;

use common::{pick, slug, with_commas, Article, GIVEN, OUTLET_NOUNS, OUTLET_PLACES, SURNAMES};
use std::io::{BufWriter, Write};

/// More invented given names, so a large corpus has many distinct people
/// (given names recur across stories, as they do in real news).
const MORE_GIVEN: &[&str] = &[
    "Anouk", "Bastian", "Chiara", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ilse", "Joaquin", "Katya", "Lorenz",
    "Maren", "Nikolai", "Odile", "Priya", "Quentin", "Rosa", "Stellan", "Tamsin", "Ulla", "Viktor", "Wanda", "Yusuf",
];
/// Syllables of the invented names of a story's places and people: two or
/// three of them (over 60,000 stems) and an ending, so separate stories
/// have their own towns, regions and surnames, as real separate stories do.
const SYLLABLES: &[&str] = &[
    "ba", "bre", "ca", "dor", "el", "fa", "gil", "ha", "ir", "ka", "lan", "ma", "nor", "o", "pe", "ra", "sel", "ta",
    "ul", "va", "wen", "ya", "zo", "mir", "tes", "gar", "lo", "ven", "ris", "dal", "cor", "ne", "si", "bel", "tor",
    "fen", "ush", "kel", "am", "ro",
];
/// Endings of invented town names.
const TOWN_TAILS: &[&str] = &[
    "ford", "mere", "ton", "by", "wick", "haven", "stead", "brook", "field", "moor", "dale", "port", "holm", "gate",
];
/// Endings of invented region names.
const REGION_TAILS: &[&str] = &["ia", "land", "mark", "reach", "vale", "shire"];
/// Endings of invented surnames.
const SURNAME_TAILS: &[&str] = &["son", "ek", "ova", "ard", "el", "ini", "berg", "ley", "enko", "ez", "ström", "ic"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];

/// How a measure's figure is written.
#[derive(Clone, Copy)]
enum Fmt {
    /// A count: "12,000", "1.4 million".
    Count,
    /// An amount of money in the story's currency.
    Money,
    /// A percentage.
    Percent,
}

/// A topic of a story: something measured, its plausible range and drift.
struct Measure {
    low: f64,
    high: f64,
    /// Largest relative growth per day of the story (0 for a steady figure).
    growth: f64,
    fmt: Fmt,
    /// Clauses stating the figure; `{fig}` is the hedged figure, `{place}`
    /// the story's town.
    clauses: &'static [&'static str],
}

/// A kind of story.
struct Kind {
    headlines: &'static [&'static str],
    measures: &'static [Measure],
    /// Organisation name patterns (`{place}`, `{region}`).
    orgs: &'static [&'static str],
    /// Roles of the people who speak.
    roles: &'static [&'static str],
    quotes: &'static [&'static str],
    background: &'static [&'static str],
}

const fn m(low: f64, high: f64, growth: f64, fmt: Fmt, clauses: &'static [&'static str]) -> Measure {
    Measure { low, high, growth, fmt, clauses }
}

const KINDS: &[Kind] = &[
    Kind {
        headlines: &[
            "Floods drive thousands from their homes in {place}",
            "River bursts its banks in {place} as rain keeps falling",
            "Clean-up begins in {place} while water levels stay high",
        ],
        measures: &[
            m(1e3, 8e4, 0.02, Fmt::Count, &["{fig} people had been evacuated from {place} and the villages around it", "{fig} residents were sleeping in emergency shelters"]),
            m(2e2, 2e4, 0.01, Fmt::Count, &["{fig} homes had been flooded", "water had damaged {fig} houses across the district"]),
            m(3.0, 200.0, 0.01, Fmt::Count, &["{fig} people had died in the floods", "the floods had killed {fig} people"]),
            m(1e7, 2e9, 0.005, Fmt::Money, &["repairing roads and bridges would cost {fig}", "the damage to farms and homes came to {fig}"]),
        ],
        orgs: &["the {region} Flood Authority", "the {place} fire brigade", "the {region} Weather Office", "the {region} Red Lantern Society"],
        roles: &["the regional governor", "the mayor of {place}", "a hydrologist at the {region} University", "the head of the local fire brigade"],
        quotes: &[
            "We have not seen the river rise this fast in living memory",
            "Our first job is to reach the villages that are still cut off",
            "People should not go back until the engineers have checked the embankments",
            "Every pump we own is running day and night",
        ],
        background: &[
            "Heavy rain has fallen on the hills above {place} for most of the past fortnight, and the river that runs through the town centre rose by more than a metre in a single night.",
            "Residents of the lower streets said the water came into their kitchens within minutes, leaving little time to carry furniture upstairs.",
            "The embankments along the river were last strengthened more than twenty years ago, and local councillors have long asked for money to raise them.",
        ],
    },
    Kind {
        headlines: &[
            "Strike halts work across {place} as pay talks stall",
            "Workers walk out in {place} over wages and hours",
            "Unions in {place} threaten to extend their strike",
        ],
        measures: &[
            m(2e3, 2e5, 0.01, Fmt::Count, &["{fig} workers had joined the strike", "{fig} employees stayed away from work"]),
            m(3.0, 15.0, 0.0, Fmt::Percent, &["the unions are asking for a pay rise of {fig}", "the employers have offered {fig} more over two years"]),
            m(1e6, 1e8, 0.0, Fmt::Money, &["the stoppage was costing the regional economy {fig} a day", "lost output came to {fig} each day"]),
            m(1e2, 5e3, 0.02, Fmt::Count, &["{fig} train and bus services had been cancelled", "{fig} deliveries were stuck at the depots"]),
        ],
        orgs: &["the {region} Transport Union", "the {place} Chamber of Commerce", "the {region} Labour Ministry", "the {region} Employers Federation"],
        roles: &["the union's general secretary", "a spokesperson for the employers", "the labour minister", "a shop steward at the main depot"],
        quotes: &[
            "Our members have waited three years for an offer that keeps up with prices",
            "The door to talks remains open, but the demands on the table cannot be met",
            "Nobody wants a long strike, least of all the people on the picket lines",
            "Passengers deserve to know when the buses will run again",
        ],
        background: &[
            "Talks between the unions and the employers broke down after a twelve-hour session that ended without a joint statement.",
            "Prices of food and rent in {place} have climbed steadily over the past two years, and workers say their wages have not followed.",
            "The last strike of this size in the region lasted nine days and ended with an agreement brokered by a retired judge.",
        ],
    },
    Kind {
        headlines: &[
            "Wildfire spreads through forests near {place}",
            "Firefighters battle flames on the edge of {place}",
            "Dry winds fan wildfire as {place} prepares to evacuate",
        ],
        measures: &[
            m(1e3, 2e5, 0.03, Fmt::Count, &["the fire had burned {fig} hectares of forest and scrub", "{fig} hectares had been scorched"]),
            m(5e2, 5e4, 0.02, Fmt::Count, &["{fig} residents had been ordered to leave", "{fig} people had fled the villages in the fire's path"]),
            m(2e2, 5e3, 0.01, Fmt::Count, &["{fig} firefighters were working on the fire lines", "{fig} firefighters and soldiers had been sent to the area"]),
            m(2e1, 3e3, 0.02, Fmt::Count, &["{fig} homes had burned down", "the flames had destroyed {fig} buildings"]),
        ],
        orgs: &["the {region} Forest Service", "the {place} civil defence office", "the {region} Fire Agency", "the {region} Meteorological Bureau"],
        roles: &["the regional fire chief", "the interior minister", "the mayor of {place}", "a forest ecologist at the {region} Institute"],
        quotes: &[
            "The wind changed direction twice this afternoon, which makes the front very hard to hold",
            "If you are told to leave, leave at once and take only what you can carry",
            "We lost the barn and the orchard, but the house is still standing",
            "Aircraft will drop water again at first light if the smoke allows",
        ],
        background: &[
            "The region has had almost no rain since spring, and the forests around {place} are as dry as anyone can remember.",
            "Roads out of the valley were jammed for hours as families left with cars full of belongings and animals.",
            "Investigators are trying to establish whether the fire was started by lightning, a power line or a careless visitor.",
        ],
    },
    Kind {
        headlines: &[
            "Troops massed near the border at {place}, officials say",
            "Build-up of forces around {place} alarms neighbours",
            "Shelling reported near {place} as forces dig in",
        ],
        measures: &[
            m(1e3, 1e5, 0.01, Fmt::Count, &["{fig} troops had been moved to the area around {place}", "{fig} soldiers were stationed within reach of the border"]),
            m(2e1, 8e2, 0.01, Fmt::Count, &["{fig} tanks and armoured vehicles had been seen on the roads", "satellite pictures showed {fig} tanks in camps near {place}"]),
            m(1e3, 5e4, 0.0, Fmt::Count, &["{fig} artillery shells were being fired a day", "forces around {place} fired {fig} shells a day"]),
            m(5e1, 1e4, 0.02, Fmt::Count, &["{fig} soldiers had been killed or wounded", "casualties had reached {fig}"]),
        ],
        orgs: &["the {region} Defence Ministry", "the {region} Joint Command", "the {place} Security Institute", "the {region} border guard service"],
        roles: &["the defence minister", "a senior military officer", "an analyst at the {place} Security Institute", "the foreign minister"],
        quotes: &[
            "We are watching every movement on the other side of the line",
            "These numbers are larger than anything we have seen in the past decade",
            "The troops are there to defend, not to attack, and we have said so publicly",
            "Nobody in the villages near the border is sleeping well",
        ],
        background: &[
            "The border near {place} has been disputed since the end of the last war, and small clashes have broken out there every few years.",
            "Diplomats from several countries have called for talks, but neither side has agreed to a date.",
            "Farmers in the area say army lorries now pass their fields every night.",
        ],
    },
    Kind {
        headlines: &[
            "Outbreak in {place} spreads to neighbouring districts",
            "Hospitals in {place} strain under rising infections",
            "Health officials race to contain outbreak around {place}",
        ],
        measures: &[
            m(1e2, 5e5, 0.04, Fmt::Count, &["{fig} cases of the illness had been recorded", "{fig} people had tested positive"]),
            m(5.0, 5e3, 0.03, Fmt::Count, &["{fig} patients had died", "the outbreak had claimed {fig} lives"]),
            m(1e4, 5e6, 0.03, Fmt::Count, &["{fig} people had been vaccinated", "{fig} doses had been given"]),
            m(5e1, 2e4, 0.01, Fmt::Count, &["{fig} hospital beds were occupied by patients with the illness", "{fig} patients were being treated in hospital"]),
        ],
        orgs: &["the {region} Health Ministry", "the {region} Disease Control Centre", "the {place} General Hospital", "the {place} Health Partnership"],
        roles: &["the health minister", "the chief medical officer", "an epidemiologist at the {region} University", "the director of {place} General Hospital"],
        quotes: &[
            "The next two weeks will tell us whether the measures are working",
            "Our nurses have been working double shifts since the first cases came in",
            "Anyone with a fever should stay at home and call the hotline",
            "We have enough vaccine for everyone who wants it",
        ],
        background: &[
            "The first cases were found among workers at a food market in {place}, and the illness spread quickly through crowded housing nearby.",
            "Schools in the district have closed for two weeks, and large gatherings have been banned.",
            "Laboratories are sequencing samples to see whether the strain has changed.",
        ],
    },
    Kind {
        headlines: &[
            "Carmaker to cut jobs and close plants around {place}",
            "Thousands of jobs at risk as factory in {place} shuts",
            "Layoffs hit {place} as orders dry up",
        ],
        measures: &[
            m(2e2, 2e4, 0.0, Fmt::Count, &["{fig} jobs would go", "the company would lay off {fig} workers"]),
            m(2.0, 30.0, 0.0, Fmt::Count, &["{fig} plants would close by the end of next year", "production would stop at {fig} sites"]),
            m(1e7, 1e9, 0.0, Fmt::Money, &["the restructuring would cost {fig}", "the company set aside {fig} for severance payments"]),
            m(2.0, 40.0, 0.0, Fmt::Percent, &["the company's shares fell {fig}", "orders had dropped {fig} from a year earlier"]),
        ],
        orgs: &["{place} Motors", "the {region} Metalworkers Union", "the {place} town council", "the {region} Industry Ministry"],
        roles: &["the chief executive", "the finance director", "the union's regional leader", "the industry minister"],
        quotes: &[
            "These are painful decisions, but the business cannot go on losing money",
            "Whole families in this town have worked on that assembly line for three generations",
            "We will fight for every job and every pension",
            "The government stands ready to help workers retrain",
        ],
        background: &[
            "The factory on the edge of {place} opened more than forty years ago and became the town's largest employer.",
            "Demand for the company's older models has fallen as buyers switch to newer and cheaper rivals.",
            "Suppliers of parts and services in the region said they expected to cut jobs of their own.",
        ],
    },
    Kind {
        headlines: &[
            "Refugees pour across the border at {place}",
            "Camps near {place} fill as families flee fighting",
            "Aid agencies appeal for help as refugees reach {place}",
        ],
        measures: &[
            m(1e3, 5e5, 0.03, Fmt::Count, &["{fig} refugees had crossed the border", "{fig} people had arrived at the crossing near {place}"]),
            m(3.0, 60.0, 0.01, Fmt::Count, &["{fig} camps had been set up", "refugees were housed in {fig} camps and schools"]),
            m(1e6, 5e8, 0.01, Fmt::Money, &["donors had pledged {fig} in aid", "the appeal had raised {fig}"]),
            m(20.0, 60.0, 0.0, Fmt::Percent, &["children made up {fig} of the new arrivals", "{fig} of the refugees were under eighteen"]),
        ],
        orgs: &["the {region} Refugee Council", "the {region} Red Lantern Relief Society", "the {region} Interior Ministry", "the {place} Food Fund"],
        roles: &["the head of the {region} Refugee Council", "an aid worker at the crossing", "the interior minister", "the camp's coordinator"],
        quotes: &[
            "Most people arrive with nothing but the clothes they are wearing",
            "We need tents, water and medicine before the cold weather comes",
            "The border will stay open to anyone fleeing for their life",
            "My children have not slept in a bed for a week",
        ],
        background: &[
            "The crossing near {place} was a quiet checkpoint used by a few traders until fighting broke out across the border.",
            "Local families have taken strangers into their homes while the camps are built.",
            "Aid convoys travel the road to the border every day, but queues of cars stretch for kilometres.",
        ],
    },
    Kind {
        headlines: &[
            "Earthquake shakes {place}, toppling buildings",
            "Rescuers dig through rubble after quake near {place}",
            "Aftershocks rattle {place} a day after strong earthquake",
        ],
        measures: &[
            m(5.0, 3e3, 0.02, Fmt::Count, &["{fig} people had been killed", "the death toll had risen to {fig}"]),
            m(5e1, 2e4, 0.02, Fmt::Count, &["{fig} people had been injured", "{fig} injured people had been taken to hospitals"]),
            m(2e1, 5e3, 0.01, Fmt::Count, &["{fig} buildings had collapsed", "{fig} homes were too damaged to live in"]),
            m(1e6, 5e8, 0.01, Fmt::Money, &["the government released {fig} in emergency funds", "rebuilding would cost {fig}"]),
        ],
        orgs: &["the {region} Seismology Centre", "the {region} Disaster Management Agency", "the {place} rescue service", "the {region} Red Lantern Society"],
        roles: &["the prime minister", "the head of the rescue teams", "a seismologist at the {region} Seismology Centre", "the mayor of {place}"],
        quotes: &[
            "We can still hear voices under some of the buildings, so we keep digging",
            "The old town was built before the building codes, and it suffered most",
            "Please keep the roads clear for ambulances",
            "We slept in the car because we were too afraid to go back inside",
        ],
        background: &[
            "The earthquake struck shortly before dawn, when most people in {place} were asleep.",
            "Dozens of aftershocks have followed, some strong enough to bring down walls already cracked by the first quake.",
            "Teams with sniffer dogs arrived from neighbouring countries within a day.",
        ],
    },
    Kind {
        headlines: &[
            "Drought withers crops across the {region}",
            "Farmers around {place} count the cost of a dry summer",
            "Harvest falls short as drought grips {place}",
        ],
        measures: &[
            m(1e5, 5e7, 0.0, Fmt::Count, &["the grain harvest would come to {fig} tonnes", "farmers expected to bring in {fig} tonnes of wheat"]),
            m(5.0, 80.0, 0.0, Fmt::Percent, &["bread prices had risen {fig}", "the price of animal feed was up {fig}"]),
            m(1e3, 5e5, 0.01, Fmt::Count, &["{fig} farmers had applied for emergency help", "{fig} farms were short of water for their animals"]),
            m(1e6, 1e9, 0.0, Fmt::Money, &["the government would pay {fig} in drought relief", "losses to farmers came to {fig}"]),
        ],
        orgs: &["the {region} Agriculture Ministry", "the {region} Growers Association", "the {place} water board", "the {region} Weather Office"],
        roles: &["the agriculture minister", "the head of the farmers' association", "a grain trader in {place}", "a climate scientist at the {region} Institute"],
        quotes: &[
            "I have farmed this land for thirty years and never seen the soil crack like this",
            "We will have to sell part of the herd because there is nothing left to feed them",
            "Water restrictions will stay in place until the reservoirs recover",
            "Prices in the shops will follow the harvest, there is no way around it",
        ],
        background: &[
            "Rainfall in the {region} has been less than half the usual amount since the start of the year.",
            "The reservoir that supplies {place} is at its lowest level since it was built.",
            "Some villages now get their drinking water from tankers twice a week.",
        ],
    },
    Kind {
        headlines: &[
            "Protesters fill the streets of {place}",
            "Police and protesters clash in {place}",
            "Demonstrations spread from {place} to other cities",
        ],
        measures: &[
            m(1e3, 5e5, 0.01, Fmt::Count, &["{fig} people had joined the protests", "{fig} demonstrators marched through the centre of {place}"]),
            m(1e1, 3e3, 0.02, Fmt::Count, &["{fig} people had been arrested", "police had detained {fig} protesters"]),
            m(5.0, 8e2, 0.02, Fmt::Count, &["{fig} people had been injured", "{fig} police officers and protesters had been hurt"]),
            m(30.0, 80.0, 0.0, Fmt::Percent, &["turnout at the last election was {fig}", "{fig} of voters backed the government at the last election"]),
        ],
        orgs: &["the {place} police", "the {place} Civic Forum", "the {region} Interior Ministry", "the {region} Bar Association"],
        roles: &["the interior minister", "a leader of the {place} Civic Forum", "the police commissioner", "a political scientist at the {region} University"],
        quotes: &[
            "We will keep coming back to the square until we are heard",
            "Peaceful protest is a right, but violence will not be tolerated",
            "My son was arrested on his way home from work",
            "The government has to choose between talking and repression",
        ],
        background: &[
            "The protests began after the government announced new taxes on fuel and bread without a vote in parliament.",
            "Shops along the main avenue of {place} have boarded up their windows.",
            "Opposition parties have called for an independent inquiry into the police response.",
        ],
    },
];

/// General paragraphs any story can use: `{place}`, `{region}`,
/// `{population}`, `{org}`, `{person}` and `{role}` (someone of the story),
/// `{when}` (a recent day), `{started}` (the story's first day), `{days}`.
const GENERAL: &[&str] = &[
    "{place} is a town of about {population} people in the {region}, known until now for its market and its old stone bridge.",
    "Reporters who visited {place} {when} found shops closed and streets unusually quiet, with only delivery vans and emergency vehicles on the main road.",
    "Neighbouring towns have offered help, and volunteers have been arriving by car and by bus since the weekend.",
    "The national government is due to discuss the situation at its weekly meeting, officials said, and a decision on further help is expected within days.",
    "Local radio stations have been broadcasting updates every hour and reading out the numbers of helplines for anyone who needs them.",
    "Some residents said they first learned what was happening from messages shared among neighbours, long before any official announcement.",
    "Opposition politicians have criticised the response as slow and badly coordinated, a charge ministers reject.",
    "Schools in the area have been used as meeting points, and teachers have helped to hand out food, blankets and information.",
    "The trouble began on {started}, and {days} days later there is still no agreement on when life in {place} will return to normal.",
    "{person}, {role}, said the coming days would be decisive and asked people to follow official advice rather than rumours.",
    "Asked {when} how long the situation could last, {person} declined to give a date, saying only that every option was being studied.",
    "A spokesperson for {org} said its staff had been working in shifts around the clock and that more help had been requested from the capital.",
    "Figures given by different officials have not always matched, and {org} said it would publish a single count every evening from now on.",
    "Business owners in {place} say the disruption has already cost them weeks of income, and several have asked for tax payments to be postponed.",
    "The regional assembly of the {region} held an emergency session {when}, and members from all parties backed a motion of support for residents.",
    "Charities have set up collection points in the town hall and in the car park of the main supermarket, where donated goods are sorted by volunteers.",
    "Travellers have been told to avoid the roads around {place} unless their journey is essential, and trains on the local line are running a reduced service.",
    "The town's only hospital has cancelled planned operations to keep beds free, a decision its managers said they would review daily.",
    "International observers have followed events in {place} closely, and several embassies have advised their citizens to keep away from the area.",
    "{person}, who has been {role} for six years, said the town had come through hard times before and would do so again.",
    "Independent experts say the full picture will only be known once officials have been able to visit every part of the district.",
    "Residents have formed their own groups to check on elderly neighbours, many of whom live alone in the older streets near the river.",
];

/// Ways of reporting a quote: `{quote}` (without its full stop), `{person}`,
/// `{role}`, `{when}`.
const QUOTE_FRAMES: &[&str] = &[
    "\"{quote},\" said {person}, {role}.",
    "\"{quote},\" {person}, {role}, told reporters {when}.",
    "{person}, {role}, said: \"{quote}.\"",
    "\"{quote}.\" That was the message from {person}, {role}, at a briefing in {place}.",
    "Speaking {when}, {person}, {role}, said: \"{quote}.\"",
];

/// The next step of the splitmix64 sequence: a well-mixed seed from a
/// counter.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A generator for article or story `n` of stream `what` under `seed`.
fn rng(seed: u64, what: u64, n: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(mix(mix(seed ^ what.rotate_left(32)) ^ n))
}

/// A reporter's name, from the shared pools: reporters write about many
/// stories.
fn reporter(rng: &mut fastrand::Rng) -> String {
    format!("{} {}", pick(rng, GIVEN), pick(rng, SURNAMES))
}

/// An invented name: two or three syllables and `ending`, capitalised.
fn invented(rng: &mut fastrand::Rng, ending: &str) -> String {
    let count = if rng.bool() { 2 } else { 3 };
    let stem: String = (0..count).map(|_| pick(rng, SYLLABLES)).collect();
    capitalised(&format!("{stem}{ending}"))
}

/// Someone of a story: a given name from the pools and a surname of the
/// story's own.
fn person(rng: &mut fastrand::Rng) -> String {
    let given = if rng.bool() { pick(rng, GIVEN) } else { pick(rng, MORE_GIVEN) };
    let ending = pick(rng, SURNAME_TAILS);
    format!("{given} {}", invented(rng, ending))
}

/// Replace every `{key}` of `template` by its value.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in vars {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Someone who states figures.
struct Source {
    /// As the subject of "said": "Mira Halden, the regional governor," or
    /// "the Valemark Flood Authority".
    full: String,
    /// As named again: "Halden" or "the Valemark Flood Authority".
    short: String,
}

/// A story: what happens, where, when, to whom, and its topics' true values.
struct Story {
    kind: &'static Kind,
    place: String,
    region: String,
    population: String,
    currency: &'static str,
    start: chrono::NaiveDate,
    /// Days over which the story is reported.
    days: u64,
    sources: Vec<Source>,
    /// A person who is quoted, with their role.
    speakers: Vec<(String, String)>,
    /// Per measure: the value on the first day and its growth per day.
    values: Vec<(f64, f64)>,
}

impl Story {
    fn new(seed: u64, n: u64) -> Story {
        let mut rng = rng(seed, 1, n);
        let kind = &KINDS[rng.usize(..KINDS.len())];
        let ending = pick(&mut rng, TOWN_TAILS);
        let place = invented(&mut rng, ending);
        let ending = pick(&mut rng, REGION_TAILS);
        let region = invented(&mut rng, ending);
        let vars = [("place", place.as_str()), ("region", region.as_str())];
        let mut sources: Vec<Source> =
            kind.orgs.iter().map(|o| fill(o, &vars)).map(|org| Source { full: org.clone(), short: org }).collect();
        let mut speakers = Vec::new();
        for role in kind.roles {
            let name = person(&mut rng);
            let role = fill(role, &vars);
            let surname = name.rsplit(' ').next().unwrap_or(&name).to_string();
            sources.push(Source { full: format!("{name}, {role},"), short: surname });
            speakers.push((name, role));
        }
        sources.push(Source { full: format!("officials in {place}"), short: format!("officials in {place}") });
        sources.push(Source { full: "two people familiar with the matter".into(), short: "the two people".into() });
        let values = kind
            .measures
            .iter()
            .map(|m| {
                let base = m.low * (m.high / m.low).powf(rng.f64());
                (base, m.growth * rng.f64())
            })
            .collect();
        Story {
            kind,
            population: with_commas(((5.0 + rng.f64() * 195.0) as u64) * 1000),
            currency: pick(&mut rng, &["$", "€", "£"]),
            region,
            start: chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("a valid date") + chrono::Days::new(rng.u64(..700)),
            days: 30 + rng.u64(..210),
            place,
            sources,
            speakers,
            values,
        }
    }

    fn vars(&self) -> [(&str, &str); 3] {
        [("place", &self.place), ("region", &self.region), ("population", &self.population)]
    }
}

/// `x` rounded to two significant digits (three above 100,000).
fn round(x: f64) -> f64 {
    if x < 10.0 {
        return x.round().max(1.0);
    }
    let digits = if x >= 1e5 { 3 } else { 2 };
    let magnitude = 10f64.powi(x.log10().floor() as i32 + 1 - digits);
    (x / magnitude).round() * magnitude
}

/// A figure as a reporter writes it.
fn figure(x: f64, fmt: Fmt, currency: &str) -> String {
    let x = round(x);
    let number = if x >= 1e9 {
        format!("{} billion", trim(x / 1e9))
    } else if x >= 1e6 {
        format!("{} million", trim(x / 1e6))
    } else {
        with_commas(x as u64)
    };
    match fmt {
        Fmt::Count => number,
        Fmt::Money => format!("{currency}{number}"),
        Fmt::Percent => format!("{}%", trim(x)),
    }
}

/// A number with at most one decimal and no trailing ".0".
fn trim(x: f64) -> String {
    let s = format!("{:.1}", x);
    s.strip_suffix(".0").unwrap_or(&s).to_string()
}

/// A hedged figure: "more than 12,000", "about $4 million", "between 30 and 40".
fn hedged(rng: &mut fastrand::Rng, x: f64, fmt: Fmt, currency: &str) -> String {
    const HEDGES: &[&str] = &["", "", "about ", "more than ", "at least ", "nearly ", "up to ", "as many as ", "an estimated ", "roughly "];
    if rng.u8(..10) == 0 {
        let (a, b) = (x * 0.85, x * 1.15);
        if round(a) < round(b) {
            return format!("between {} and {}", figure(a, fmt, currency), figure(b, fmt, currency));
        }
    }
    format!("{}{}", pick(rng, HEDGES), figure(x, fmt, currency))
}

/// When, relative to the publication date: "on Tuesday", "on 3 March", "this week".
fn when(rng: &mut fastrand::Rng, published: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let back = rng.u64(1..7);
    let day = published - chrono::Days::new(back);
    match rng.u8(..4) {
        0 | 1 => format!("on {}", WEEKDAYS[day.weekday().num_days_from_monday() as usize]),
        2 => format!("on {} {}", day.day(), MONTHS[day.month0() as usize]),
        _ => pick(rng, &["this week", "late on Monday", "in a statement", "at a briefing"]).to_string(),
    }
}

/// One sentence stating measure `i` of `story` as `source` gives it.
fn statement(rng: &mut fastrand::Rng, story: &Story, i: usize, published: chrono::NaiveDate, day: u64) -> String {
    let measure = &story.kind.measures[i];
    let (base, growth) = story.values[i];
    let noise = 0.75 + rng.f64() * 0.5;
    let value = base * (1.0 + growth * day as f64) * noise;
    let value = match measure.fmt {
        Fmt::Percent => value.min(95.0),
        _ => value,
    };
    let fig = hedged(rng, value, measure.fmt, story.currency);
    let clause = fill(pick(rng, measure.clauses), &[("fig", &fig), ("place", &story.place)]);
    let source = &story.sources[rng.usize(..story.sources.len())];
    let when = when(rng, published);
    match rng.u8(..3) {
        0 => capitalised(&format!("{} said {when} that {clause}.", source.full)),
        1 => format!("{}, according to {}.", capitalised(&clause), source.full.trim_end_matches(',')),
        _ => format!("{}, {} said {when}.", capitalised(&clause), source.short),
    }
}

/// Article `n`: its story, then about 3 KB of text about two of the story's topics.
fn article(seed: u64, n: u64, stories: &Stories) -> String {
    let mut rng = rng(seed, 2, n);
    let story_number = stories.draw(&mut rng);
    let story = Story::new(seed, story_number);
    let day = rng.u64(..story.days);
    let published = story.start + chrono::Days::new(day);
    let vars = story.vars();

    let topics = match rng.u8(..4) {
        0 => 1,
        3 => 3,
        _ => 2,
    };
    let mut measures: Vec<usize> = (0..story.kind.measures.len()).collect();
    rng.shuffle(&mut measures);
    let mut quotes: Vec<&str> = story.kind.quotes.to_vec();
    rng.shuffle(&mut quotes);
    let mut quotes = quotes.into_iter();
    let quoted = |rng: &mut fastrand::Rng, quote: &str| {
        let (name, role) = &story.speakers[rng.usize(..story.speakers.len())];
        let frame = pick(rng, QUOTE_FRAMES);
        let when = when(rng, published);
        fill(frame, &[("quote", quote), ("person", name), ("role", role), ("when", &when), ("place", &story.place)])
    };
    let mut paragraphs = Vec::new();
    for &i in &measures[..topics] {
        let mut p = statement(&mut rng, &story, i, published, day);
        if rng.bool() {
            // A second source on the same topic, often with another figure.
            p.push(' ');
            p.push_str(&statement(&mut rng, &story, i, published, day));
        }
        paragraphs.push(p);
        if let Some(q) = quotes.next().filter(|_| rng.bool()) {
            paragraphs.push(quoted(&mut rng, q));
        }
    }
    let target = 2700 + rng.usize(..700);
    let mut fillers: Vec<&str> = story.kind.background.iter().chain(GENERAL).copied().collect();
    rng.shuffle(&mut fillers);
    let started = story.start.format("%-d %B").to_string();
    let days = day.to_string();
    for filler in fillers {
        if paragraphs.iter().map(|p| p.len() + 2).sum::<usize>() >= target {
            break;
        }
        if let Some(q) = quotes.next().filter(|_| rng.u8(..3) == 0) {
            paragraphs.push(quoted(&mut rng, q));
        }
        let (person, role) = &story.speakers[rng.usize(..story.speakers.len())];
        let org = &story.sources[rng.usize(..story.kind.orgs.len())].full;
        let when = when(&mut rng, published);
        let extra = [("person", person.as_str()), ("role", role), ("org", org), ("when", &when), ("started", &started), ("days", &days)];
        paragraphs.push(capitalised(&fill(&fill(filler, &vars), &extra)));
    }
    let text = paragraphs.join("\n\n");

    let title = fill(pick(&mut rng, story.kind.headlines), &vars);
    let outlet = format!("The {} {}", pick(&mut rng, OUTLET_PLACES), pick(&mut rng, OUTLET_NOUNS));
    let byline = reporter(&mut rng);
    let date = published.format("%Y-%m-%d").to_string();
    let host = slug(&outlet).replace('-', "");
    // The story number in the URL lets a benchmark check how stories were fused.
    let url = format!("https://{host}.example/stories/{story_number}/{date}/{}-{n}", slug(&title));
    Article { id: &format!("{host}-{n:07}"), url: &url, date: &date, title: &title, outlet: &outlet, byline: &byline, text: &text }
        .line(n as usize)
}

/// Story numbers drawn with Zipf weights (story `k` weighs `1/(k+1)`).
struct Stories {
    cumulative: Vec<f64>,
}

impl Stories {
    fn new(count: usize) -> Stories {
        let mut total = 0.0;
        let cumulative = (0..count.max(1))
            .map(|k| {
                total += 1.0 / (k as f64 + 1.0);
                total
            })
            .collect();
        Stories { cumulative }
    }

    fn draw(&self, rng: &mut fastrand::Rng) -> u64 {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.f64() * total;
        self.cumulative.partition_point(|&c| c < x).min(self.cumulative.len() - 1) as u64
    }
}

fn usage() -> ! {
    eprintln!("usage: gen_scale N OUT.jsonl|- [--seed S] [--first K] [--stories M]");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut positional, mut seed, mut first, mut stories) = (Vec::new(), 2024u64, 0u64, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or_else(|| usage());
        match a.as_str() {
            "--seed" => seed = value(),
            "--first" => first = value(),
            "--stories" => stories = Some(value()),
            _ => positional.push(a.clone()),
        }
    }
    let (Some(n), Some(out)) = (positional.first().and_then(|s| s.parse::<u64>().ok()), positional.get(1)) else { usage() };
    let stories = Stories::new(stories.unwrap_or(((first + n) / 100).max(20)) as usize);
    let sink: Box<dyn Write> = if out == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(out).unwrap_or_else(|e| {
            eprintln!("gen_scale: {out}: {e}");
            std::process::exit(1);
        }))
    };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let mut bytes = 0;
    for i in first..first + n {
        let line = article(seed, i, &stories);
        bytes += line.len() + 1;
        if let Err(e) = writeln!(w, "{line}") {
            eprintln!("gen_scale: {out}: {e}");
            std::process::exit(1);
        }
    }
    if let Err(e) = w.flush() {
        eprintln!("gen_scale: {out}: {e}");
        std::process::exit(1);
    }
    eprintln!("wrote articles {first} to {} ({bytes} bytes) to {out}", first + n - 1);
}
