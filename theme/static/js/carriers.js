/*
 * Carrier lookup: which carrier has a parcel, from its tracking number.
 *
 * The JavaScript twin of kbgen/carriers.py. The two must stay identical:
 * tests/data/carrier_vectors.json runs through both (pytest and node --test).
 * Rules, in short: drop whitespace and dashes, upper-case; a carrier matches
 * when the number starts with one of its prefixes and has at least one more
 * character; digits_only carriers need an all-digit number; the longest
 * prefix wins, ties go to the carrier listed first. The link is track_url with
 * {number} replaced by the percent-encoded number, else the website.
 *
 * An ES module: track.js imports it on the page, node tests import it too.
 * Takes the rule dicts written by kbgen.carriers.carrier_rules.
 */

// Keep identical to _STRIP in carriers.py; a test compares the two.
const STRIP = /[\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\xad\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
const DIGITS = /^[0-9]+$/;

/** Drop whitespace and dashes from raw and upper-case it. */
export function normalizeTrackingNumber(raw) {
  return String(raw == null ? "" : raw).replace(STRIP, "").toUpperCase();
}

/** Percent-encode like Python's quote(s, safe=""): RFC 3986 unreserved only. */
function encodeNumber(number) {
  return encodeURIComponent(number).replace(/[!'()*]/g, function (c) {
    return "%" + c.charCodeAt(0).toString(16).toUpperCase();
  });
}

/** The deep link for number at rule, else the rule's website. */
export function trackingUrl(rule, number) {
  if (!rule.track_url) return rule.website;
  var encoded;
  try {
    encoded = encodeNumber(number);
  } catch (e) {
    return rule.website; // a lone surrogate cannot be encoded
  }
  return rule.track_url.split("{number}").join(encoded);
}

/** The rule whose longest prefix starts raw, as {carrier, number, prefix, url}, or null. */
export function matchCarrier(raw, rules) {
  var number = normalizeTrackingNumber(raw);
  var digits = DIGITS.test(number);
  var best = null;
  var bestPrefix = "";
  (rules || []).forEach(function (rule) {
    if (rule.digits_only && !digits) return;
    (rule.prefixes || []).forEach(function (p) {
      var prefix = String(p).toUpperCase();
      if (
        prefix &&
        number.length > prefix.length &&
        number.indexOf(prefix) === 0 &&
        (best === null || prefix.length > bestPrefix.length)
      ) {
        best = rule;
        bestPrefix = prefix;
      }
    });
  });
  if (best === null) return null;
  return { carrier: best, number: number, prefix: bestPrefix, url: trackingUrl(best, number) };
}
