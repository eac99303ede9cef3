"""The search module written to `pagefind/pagefind.js` (builder.search.indexer fills in the shard
folders). Kept here as text so it ships with the package like the rest of the code."""

SOURCE = r"""/* The archive's search module, loaded by the search page and Pagefind's UI in place of
   Pagefind's own pagefind.js. The index is built in shards (builder/search/indexer.py), each a
   complete Pagefind index in its own folder beside this file; this module loads the first
   one's Pagefind and merges the others into it with Pagefind's mergeIndex, so searches,
   filters and their counts cover every article. Pagefind orders merged results by score,
   so results asked for in the order of a sort key (the date) are put back in that order
   from sort.json (each key's result ids, ascending). */
import * as pagefind from "./__PRIMARY__/pagefind.js";

const SHARDS = __SHARDS__;
const here = new URL(".", import.meta.url);
let settings = {};
let merged = null;
let order = null;

function ready() {
  if (!merged) {
    merged = (async function () {
      /* All at once: mergeIndex adds its index to the list before it waits for anything,
         so the merged order is SHARDS' order whichever shard's files come first. */
      await Promise.all(SHARDS.map(function (name) {
        return pagefind.mergeIndex(new URL(name + "/", here).pathname, settings);
      }));
    })();
  }
  return merged;
}

async function ranks(key) {
  if (!order) {
    order = fetch(new URL("sort.json", here).href)
      .then(function (answer) { return answer.ok ? answer.json() : {}; })
      .catch(function () { return {}; });
  }
  const table = (await order)[key];
  if (!table) return null;
  const rank = new Map();
  table.forEach(function (id, at) { rank.set(id, at); });
  return rank;
}

async function inOrder(found, sort) {
  if (!SHARDS.length || !found || !found.results || !sort) return found;
  const key = Object.keys(sort)[0];
  const rank = key ? await ranks(key) : null;
  if (!rank) return found;
  const sign = sort[key] === "desc" ? -1 : 1;
  function at(result) {
    const place = rank.get(result.id);
    return place === undefined ? null : place;
  }
  found.results.sort(function (a, b) {
    const x = at(a), y = at(b);
    if (x === null || y === null) return (x === null) - (y === null); /* unknown ones last */
    return sign * (x - y);
  });
  return found;
}

export async function options(given) {
  settings = Object.assign({}, settings, given || {});
  return pagefind.options(given);
}
export async function init() {
  await pagefind.init();
  return ready();
}
export async function search(term, given) {
  await ready();
  return inOrder(await pagefind.search(term, given), given && given.sort);
}
export async function debouncedSearch(term, given, timeout) {
  await ready();
  return inOrder(await pagefind.debouncedSearch(term, given, timeout), given && given.sort);
}
export async function preload(term, given) {
  await ready();
  return pagefind.preload(term, given);
}
export async function filters() {
  await ready();
  return pagefind.filters();
}
export async function mergeIndex(path, given) {
  await ready();
  return pagefind.mergeIndex(path, given);
}
export async function destroy() {
  merged = null;
  return pagefind.destroy();
}
export const createInstance = pagefind.createInstance;
"""
