/* IEP Guide search worker: Material for MkDocs' search box, results and highlighting, with the site's
 * own index of every page's words (written by macros/outputs/search_index.py).
 *
 * Material's page script starts this worker on every page and sends it the small configuration file
 * (search/search_index.json). Nothing else is fetched until the reader types: the first query fetches
 * search/body/pages.json (pages, sections, glossary names) and, for each word typed, the one file of
 * words that start with its letter. Ranking, for queries typed the way a parent would type them:
 *
 * - words are matched by their stem in the site's language (English: Porter, so refused finds refusal and
 *   evaluated finds evaluation; Spanish: plural and gender endings, so evaluaciones finds evaluación), with
 *   accents optional (evaluacion finds evaluación); a few irregular forms (said, got) and family words
 *   (son, daughter; hija, niño) are mapped first;
 * - stop words (the, to, my, what ...) are dropped, unless the query has nothing else;
 * - a glossary term's name, abbreviation or alias in the query (kicked out, ADHD, says no) counts as the
 *   term: its page, and the sections that link to it, rank as if the term's name had been typed;
 * - each page scores BM25 over its sections' text, with its title, teaser and headings weighing more,
 *   and pages that cover more of the query's words rank above pages that repeat one of them;
 * - the last word, while it is being typed, also matches longer words that start with it.
 *
 * The protocol is Material's (9.8): SETUP -> READY, QUERY -> RESULT with items grouped by page, each a
 * page entry followed by its matching sections; each RESULT also names the query it answers (Material reads
 * only its data; the browser tests wait for the answer to what was typed). Titles and teasers arrive
 * HTML-escaped; this worker adds only <mark> around whole words, so results stay text.
 */
"use strict";

/* Messages, as Material numbers them */
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const FORMAT = 1;

/* ---------------------------------------------------------------------------------------------------
 * Porter stemmer, adapted from lunr.js 2.3.9 (MIT licence, Copyright (C) 2020 Oliver Nightingale),
 * itself after Martin Porter's reference implementation.
 * ------------------------------------------------------------------------------------------------- */
const porter = (() => {
  const step2 = {ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble", alli: "al",
    entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al", iveness: "ive",
    fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log"};
  const step3 = {icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: ""};
  const c = "[^aeiou]", v = "[aeiouy]", C = c + "[^aeiouy]*", V = v + "[aeiou]*";
  const mgr0 = new RegExp("^(" + C + ")?" + V + C);
  const meq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$");
  const mgr1 = new RegExp("^(" + C + ")?" + V + C + V + C);
  const sv = new RegExp("^(" + C + ")?" + v);
  const re1a = /^(.+?)(ss|i)es$/, re21a = /^(.+?)([^s])s$/, re1b = /^(.+?)eed$/, re21b = /^(.+?)(ed|ing)$/;
  const last = /.$/, re21b2 = /(at|bl|iz)$/, re31b2 = /([^aeiouylsz])\1$/;
  const re41b2 = new RegExp("^" + C + v + "[^aeiouwxy]$");
  const re1c = /^(.+?[^aeiou])y$/;
  const re2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
  const re3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
  const re4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  const re24 = /^(.+?)(s|t)(ion)$/;
  const re5 = /^(.+?)e$/, re51 = /ll$/, re35 = new RegExp("^" + C + v + "[^aeiouwxy]$");
  return w => {
    if (w.length < 3) return w;
    const y = w[0] === "y";
    if (y) w = "Y" + w.slice(1);
    let m;
    if (re1a.test(w)) w = w.replace(re1a, "$1$2");
    else if (re21a.test(w)) w = w.replace(re21a, "$1$2");
    if ((m = re1b.exec(w))) {
      if (mgr0.test(m[1])) w = w.replace(last, "");
    } else if ((m = re21b.exec(w)) && sv.test(m[1])) {
      w = m[1];
      if (re21b2.test(w)) w += "e";
      else if (re31b2.test(w)) w = w.replace(last, "");
      else if (re41b2.test(w)) w += "e";
    }
    if ((m = re1c.exec(w))) w = m[1] + "i";
    if ((m = re2.exec(w)) && mgr0.test(m[1])) w = m[1] + step2[m[2]];
    if ((m = re3.exec(w)) && mgr0.test(m[1])) w = m[1] + step3[m[2]];
    if ((m = re4.exec(w))) {
      if (mgr1.test(m[1])) w = m[1];
    } else if ((m = re24.exec(w)) && mgr1.test(m[1] + m[2])) {
      w = m[1] + m[2];
    }
    if ((m = re5.exec(w)) && (mgr1.test(m[1]) || (meq1.test(m[1]) && !re35.test(m[1])))) w = m[1];
    if (re51.test(w) && mgr1.test(w)) w = w.replace(last, "");
    return y ? "y" + w.slice(1) : w;
  };
})();

/* ---------------------------------------------------------------------------------------------------
 * A light Spanish stemmer (after J. Savoy's light stemmer for Spanish): a word of five letters or more
 * loses a final vowel (o, a, e) or its plural ending (-os, -as, -es; -ces becomes z), so the forms of
 * one noun or adjective meet: evaluacion, evaluaciones; derecho, derechos; padre, padres; vez, veces.
 * ------------------------------------------------------------------------------------------------- */
function spanishStem(w) {
  if (w.length < 5) return w;
  const last = w[w.length - 1], before = w[w.length - 2];
  if (last === "o" || last === "a" || last === "e") return w.slice(0, -1);
  if (last === "s") {
    if (w.endsWith("eses")) return w.slice(0, -2);
    if (w.endsWith("ces")) return w.slice(0, -3) + "z";
    if (before === "o" || before === "a" || before === "e") return w.slice(0, -2);
  }
  return w;
}

/* ---------------------------------------------------------------------------------------------------
 * Words
 * ------------------------------------------------------------------------------------------------- */

/* A word without its accents (ñ stays), as search_index.py's fold: evaluación -> evaluacion */
const fold = word => word.normalize("NFD").replace(/[\u0300\u0301\u0302\u0308]/g, "").normalize("NFC");

/* A word is a run of letters and digits (as in search_index.py); in escaped text, entities are skipped */
const WORDS = /&(?:[a-z]+|#[0-9]+|#x[0-9a-f]+);|([\p{L}\p{N}]+)/giu;

/* Stop words, and forms mapped before stemming (said -> say, son -> child): from pages.json, where
 * search_index.py lists them (STOP_WORDS, SAME_WORDS) */
let STOP = new Set(), SAME = {}, STEM = porter;

const stems = new Map();
function norm(word) {
  let s = stems.get(word);
  if (s === undefined) {
    s = STEM(fold(SAME[word] || word));
    stems.set(word, s);
  }
  return s;
}

/* Whether a word is a stop word of the site's language (listed without accents) */
const isStop = word => STOP.has(fold(word));

/* The file a word is in: its first letter or digit without accents, or "_" (as word_key in search_index.py) */
const fileKey = word => /^[a-z0-9]/.test(fold(word)) ? fold(word)[0] : "_";

/* The words of a text, lower case, with where they are */
function words(text) {
  const out = [];
  for (const m of text.matchAll(WORDS))
    if (m[1]) out.push({text: m[1].toLowerCase(), raw: m[1], start: m.index, end: m.index + m[1].length});
  return out;
}

/* ---------------------------------------------------------------------------------------------------
 * The index, fetched on the first query
 * ------------------------------------------------------------------------------------------------- */
let config = null;          /* from SETUP: where the files are and their version */
let index = null;           /* a promise of the loaded index */
const files = new Map();    /* first letter -> promise of {words: word -> {stem, postings}, stems: stem -> words} */

function address(name) {
  return new URL(`../../search/${name}?v=${encodeURIComponent(config.version)}`, self.location.href).href;
}

async function fetchJSON(name) {
  const response = await fetch(address(name), {credentials: "same-origin"});
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return response.json();
}

function wordList(text) {
  return [...new Set(words(text).map(w => w.text))];
}

/* Where each word of the titles, teasers and headings is: word -> {stem, places: [[field, page or section]]} */
function fieldIndex(pages, sections) {
  const out = new Map();
  const add = (text, field, where) => {
    for (const word of wordList(text)) {
      if (!out.has(word)) out.set(word, {stem: norm(word), places: []});
      out.get(word).places.push([field, where]);
    }
  };
  for (const page of pages) {
    add(page.title, "title", page);
    add(page.teaser, "teaser", page);
  }
  for (const section of sections) add(section.heading, "heading", section);
  const stems = new Map();
  for (const [word, {stem}] of out) {
    if (!stems.has(stem)) stems.set(stem, []);
    stems.get(stem).push(word);
  }
  return {words: out, stems};
}

async function load() {
  const data = await fetchJSON(config.pages);
  if (data.format !== FORMAT) throw new Error(`search data of format ${data.format}, expected ${FORMAT}`);
  STOP = new Set(data.stop);
  SAME = Object.assign(Object.create(null), data.same);
  STEM = data.language === "es" ? spanishStem : porter;
  stems.clear();
  const pages = data.pages.map(([location, title, teaser], n) => ({
    n, location, title, teaser, titleWords: wordList(title), sections: []}));
  const sections = data.sections.map(([page, anchor, heading, length], n) => {
    const section = {n, page: pages[page], anchor, heading, length};
    pages[page].sections.push(section);
    return section;
  });
  const average = sections.reduce((sum, s) => sum + s.length, 0) / Math.max(1, sections.length) || 1;
  /* Glossary names by their first word's stem; short capital names (AT, ED) only count typed in capitals */
  const names = new Map();
  data.terms.forEach(([page, list], term) => {
    const links = new Map();
    const flat = data.links[term] || [];
    for (let i = 0; i < flat.length; i += 2) links.set(flat[i], flat[i + 1]);
    const entry = {term, page: page >= 0 ? pages[page] : null, links};
    for (const name of list) {
      const tokens = words(name);
      if (!tokens.length) continue;
      const capitals = name === name.toUpperCase() && /\p{Lu}/u.test(name) &&
        tokens.every(t => t.text.length <= 2 || isStop(t.text));
      const key = norm(tokens[0].text);
      if (!names.has(key)) names.set(key, []);
      names.get(key).push({entry, stems: tokens.map(t => norm(t.text)), capitals});
    }
  });
  for (const list of names.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return {pages, sections, average, names, keys: new Set(data.words), fields: fieldIndex(pages, sections)};
}

/* The words of one file, with their postings (section numbers are stored as steps from the previous) */
function wordsFile(key) {
  if (!files.has(key)) {
    const promise = fetchJSON(`body/words-${key}.json`).then(data => {
      const out = new Map(), stems = new Map();
      for (const [word, flat] of Object.entries(data)) {
        const postings = [];
        for (let i = 0, section = 0; i < flat.length; i += 2) postings.push([section += flat[i], flat[i + 1]]);
        const stem = norm(word);
        out.set(word, {stem, postings});
        if (!stems.has(stem)) stems.set(stem, []);
        stems.get(stem).push(word);
      }
      return {words: out, stems};
    });
    promise.catch(() => files.delete(key));
    files.set(key, promise);
  }
  return files.get(key);
}

/* ---------------------------------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------------------------------- */
const K1 = 1.2, B = 0.75;
const TITLE = 3, TEASER = 1.2, HEADING = 2, OTHER_SECTIONS = 0.25, PREFIX = 0.4, CONCEPT = 1.5, LINKS = 0.4;

/* The query's parts: each word that is not a stop word, and each glossary name found in it */
function parse(query, idx) {
  const tokens = words(query);
  const open = !/\s$/.test(query);  /* the last word may still be being typed */
  tokens.forEach((t, i) => {
    t.stem = norm(t.text);
    t.stop = isStop(t.text);
    t.open = open && i === tokens.length - 1;
  });
  const content = tokens.filter(t => !t.stop);
  const wanted = content.length ? content : tokens;
  /* Glossary names: longest first, left to right, without overlaps */
  const concepts = [];
  for (let i = 0; i < tokens.length;) {
    let found = null;
    for (const name of idx.names.get(tokens[i].stem) || []) {
      const n = name.stems.length;
      if (i + n > tokens.length) continue;
      if (name.stems.every((s, j) => tokens[i + j].stem === s) &&
          (!name.capitals || tokens.slice(i, i + n).every(t => t.raw === t.raw.toUpperCase()))) {
        found = name;
        break;
      }
    }
    if (found) {
      const covers = new Set(tokens.slice(i, i + found.stems.length));
      if (!concepts.some(c => c.entry === found.entry))
        concepts.push({entry: found.entry, covers});
      i += found.stems.length;
    } else {
      i++;
    }
  }
  return {wanted, concepts};
}

function saturate(tf, length, average) {
  return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average));
}

function idf(df, total) {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/* One part of the query: the word typed (its stem), or the longer words that start with it while it
 * is being typed (weighing less), or a glossary term named in the query */
function wordPart(token, loaded, fields, prefix) {
  const test = prefix
    ? (text, stem = norm(text)) => fold(text).startsWith(fold(token.text)) && stem !== token.stem
    : (text, stem = norm(text)) => stem === token.stem;
  /* the words that match: by their stem, or (while being typed) by their start */
  const pick = ({words, stems}) => prefix
    ? [...words].filter(([word, {stem}]) => test(word, stem)).map(([word]) => word)
    : stems.get(token.stem) || [];
  const tf = new Map(), matched = new Map();  /* section -> count; section -> words found there */
  for (const file of loaded.values())
    for (const word of pick(file))
      for (const [section, count] of file.words.get(word).postings) {
        tf.set(section, (tf.get(section) || 0) + count);
        if (!matched.has(section)) matched.set(section, new Set());
        matched.get(section).add(word);
      }
  const places = pick(fields).flatMap(word => fields.words.get(word).places);
  return {covers: new Set([token]), tf, matched, test, places, weight: prefix ? PREFIX : 1, token: prefix ? null : token};
}

async function search(query) {
  const idx = await index;
  const {wanted, concepts} = parse(query, idx);
  if (!wanted.length) return {items: []};

  /* Fetch the files of the words typed (a mapped form may start with another letter); stop words are
   * in none, and a single letter being typed waits for the next */
  const keys = new Set();
  for (const t of wanted.filter(t => !t.stop && !(t.open && t.text.length < 2)))
    for (const form of [t.text, SAME[t.text] || t.text])
      if (idx.keys.has(fileKey(form))) keys.add(fileKey(form));
  const loaded = new Map(await Promise.all([...keys].map(async key => [key, await wordsFile(key)])));

  const parts = [];
  for (const t of wanted) {
    const exact = wordPart(t, loaded, idx.fields, false);
    parts.push(exact);
    /* the word being typed: longer words that start with it, unless it is a word found as it is */
    if (t.open && !t.stop && t.text.length >= 2 && !exact.tf.size && !exact.places.length)
      parts.push(wordPart(t, loaded, idx.fields, true));
  }
  for (const c of concepts)
    parts.push({covers: c.covers, tf: c.entry.links, matched: new Map(), concept: c.entry, weight: CONCEPT});

  /* Where each part is found: page title and teaser, section headings and text */
  const total = idx.pages.length;
  const rarity = new Map();  /* word typed -> how rare it is on the site (its idf) */
  const found = new Map();  /* page -> {level: page-level score, sections: Map section -> {score, covers}, covers, words} */
  const entry = page => {
    if (!found.has(page)) found.set(page, {level: 0, sections: new Map(), covers: new Set(), words: new Set()});
    return found.get(page);
  };
  for (const part of parts) {
    const hits = new Map();  /* page -> {title, teaser, sections: Map section -> value} */
    const hit = page => {
      if (!hits.has(page)) hits.set(page, {title: 0, teaser: 0, sections: new Map()});
      return hits.get(page);
    };
    for (const [n, count] of part.tf) {
      const section = idx.sections[n];
      const value = saturate(count, Math.max(section.length, 1), idx.average);
      hit(section.page).sections.set(section, part.concept ? LINKS * value : value);
    }
    if (part.concept) {
      if (part.concept.page) hit(part.concept.page).title = 1;
    } else {
      for (const [field, where] of part.places) {
        if (field === "heading") {
          const h = hit(where.page);
          if (!h.headings) h.headings = new Set();
          if (!h.headings.has(where)) h.sections.set(where, (h.sections.get(where) || 0) + HEADING);
          h.headings.add(where);
        } else {
          hit(where)[field] = 1;
        }
      }
    }
    const weight = part.weight * idf(hits.size, total);
    if (part.token) rarity.set(part.token, idf(hits.size, total));
    for (const [page, h] of hits) {
      const e = entry(page);
      e.level += weight * (TITLE * h.title + TEASER * h.teaser);
      for (const token of part.covers) e.covers.add(token);
      for (const [section, value] of h.sections) {
        if (!e.sections.has(section)) e.sections.set(section, {score: 0, covers: new Set()});
        const s = e.sections.get(section);
        s.score += weight * value;
        for (const token of part.covers) s.covers.add(token);
        for (const word of part.matched.get(section.n) || []) e.words.add(word);
      }
    }
  }

  /* A page's score: its title and teaser, its best section (more so if that section has more of the
   * query), a little for its other sections; then more for pages that have more of the query */
  /* the share of the query a page or section has, each word weighed by how rare it is */
  const needed = wanted.reduce((sum, t) => sum + rarity.get(t), 0) || 1;
  const share = covers => wanted.reduce((sum, t) => sum + (covers.has(t) ? rarity.get(t) : 0), 0) / needed;
  const ranked = [...found].map(([page, e]) => {
    const sections = [...e.sections].map(([section, s]) => [section, s.score * (0.5 + 0.5 * share(s.covers) ** 2)])
      .sort((a, b) => b[1] - a[1]);
    const rest = sections.slice(1).reduce((sum, [, v]) => sum + v, 0);
    const raw = e.level + (sections.length ? sections[0][1] : 0) + OTHER_SECTIONS * Math.min(rest, 4);
    return {page, sections, words: e.words, score: raw * (0.2 + 0.8 * share(e.covers) ** 2)};
  }).sort((a, b) => b.score - a.score || a.page.n - b.page.n);
  if (!ranked.length) return {items: []};
  const floor = ranked[0].score * 0.05;

  const highlight = text => mark(text, parts);
  const items = ranked.filter(r => r.score >= floor).map(r => {
    /* Words to highlight on the page opened (Material's ?h=): those found there */
    const terms = {};
    for (const word of [...r.words].slice(0, 12)) terms[word] = true;
    for (const part of parts)
      if (part.test) for (const word of r.page.titleWords) if (part.test(word)) terms[word] = true;
    const article = {location: r.page.location, title: highlight(r.page.title), text: highlight(r.page.teaser),
      score: r.score, terms};
    const sections = r.sections.filter(([section]) => section.anchor).slice(0, 5)
      .map(([section, value], i) => ({
        location: `${r.page.location}#${section.anchor}`, title: highlight(section.heading), text: "",
        /* the best section shows with its page, the others under "more on this page" */
        score: i === 0 && value >= 0.4 * r.score ? r.score : Math.min(value, r.score * 0.99), terms}));
    return [article, ...sections];
  });
  return {items};
}

/* Escaped text with <mark> around each word that matches the query (never inside an entity or a tag) */
function mark(text, parts) {
  if (!text) return "";
  let out = "", at = 0;
  for (const w of words(text)) {
    if (!parts.some(p => p.test && p.test(w.text))) continue;
    out += text.slice(at, w.start) + "<mark>" + text.slice(w.start, w.end) + "</mark>";
    at = w.end;
  }
  return out + text.slice(at);
}

/* ---------------------------------------------------------------------------------------------------
 * Messages: answered in the order they come; a query overtaken by a newer one is dropped
 * ------------------------------------------------------------------------------------------------- */
let queue = Promise.resolve();
let latest = 0;

/* What a query finds: nothing for a blank query, before SETUP, or when the search fails. */
async function answer(query) {
  if (!query.trim() || !config) return {items: []};
  if (!index) {
    index = load();
    index.catch(() => { index = null; });
  }
  try {
    return await search(query);
  } catch (err) {
    console.warn("search failed:", err);
    return {items: []};
  }
}

async function handle(message, number) {
  switch (message.type) {
    case SETUP:
      config = (message.data.config && message.data.config.body) || null;
      return {type: READY};
    case QUERY: {
      if (number !== latest) return null;
      const query = String(message.data || "");
      return {type: RESULT, data: await answer(query), query};
    }
    default:
      return null;
  }
}

addEventListener("message", event => {
  const number = event.data && event.data.type === QUERY ? ++latest : latest;
  queue = queue.then(() => handle(event.data, number)).then(reply => {
    if (reply) postMessage(reply);
  });
});
