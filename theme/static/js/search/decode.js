/*
 * kbgen search, decoding: the numbers and terms of the index files that
 * kbgen/search/ writes for the browser (base64 VLQ numbers, front-coded terms,
 * term shards of postings). Pure functions of the files' strings.
 */

const VLQ = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VLQ_VALUE = new Int8Array(128).fill(-1);
for (var v = 0; v < VLQ.length; v++) VLQ_VALUE[VLQ.charCodeAt(v)] = v;

/** Every base64 VLQ number of `text`, in order. */
export function vlqList(text) {
  var out = new Int32Array(text.length);
  var n = 0, value = 0, shift = 0;
  for (var i = 0; i < text.length; i++) {
    var code = text.charCodeAt(i);
    var digit = code < 128 ? VLQ_VALUE[code] : -1;
    if (digit < 0) throw new Error("bad VLQ at " + i);
    value += (digit & 31) * Math.pow(2, shift);
    if (digit & 32) {
      shift += 5;
    } else {
      out[n++] = value;
      value = 0;
      shift = 0;
    }
  }
  return out.subarray(0, n);
}

/** The numbers of split_lengths (kbgen/search/): the low 5 bits of each, a space, then the rest of each as VLQ. */
export function splitLengths(text) {
  var space = text.indexOf(" "), out = vlqList(text.slice(space + 1));
  for (var i = 0; i < space; i++) out[i] = out[i] * 32 + VLQ_VALUE[text.charCodeAt(i)];
  return out;
}

/**
 * The terms of a front-coded list (written by kbgen/search/), decoded
 * `step(n)` items at a time into `terms`; `count` items in all.
 */
export function makeFrontDecoder(text) {
  var items = text ? text.split(" ") : [];
  var terms = new Array(items.length);
  var previous = "", next = 0;
  function step(n) {
    for (var end = Math.min(items.length, next + n); next < end; next++) {
      var item = items[next], shared = 0, shift = 0, pos = 0, digit;
      do {
        digit = VLQ_VALUE[item.charCodeAt(pos++)];
        shared += (digit & 31) * Math.pow(2, shift);
        shift += 5;
      } while (digit & 32);
      previous = previous.slice(0, shared) + item.slice(pos);
      terms[next] = previous;
    }
  }
  return { count: items.length, step: step, terms: terms };
}

/** The terms of a front-coded list, all at once. */
export function frontDecode(text) {
  var decoder = makeFrontDecoder(text);
  decoder.step(decoder.count);
  return decoder.terms;
}

/**
 * A term shard's postings: per term, per field, {docs, tf, lengths} (see term_shards in kbgen/search/),
 * `lengths` the documents' lengths in the field where they travel with the postings, else null.
 */
export function decodeShard(shard, fieldCount) {
  var terms = [];
  for (var t = 0; t < shard.count; t++) terms.push(new Array(fieldCount));
  for (var f = 0; f < fieldCount; f++) {
    var parts = shard.fields[f];
    var counts = vlqList(parts[0]), gaps = vlqList(parts[1]), tfs = vlqList(parts[2]);
    var lengths = parts.length > 3 ? vlqList(parts[3]) : null;
    var at = 0;
    for (var i = 0; i < shard.count; i++) {
      var docs = gaps.subarray(at, at + counts[i]), tf = tfs.subarray(at, at + counts[i]);
      var own = lengths && lengths.subarray(at, at + counts[i]);
      var doc = -1;
      for (var k = 0; k < docs.length; k++) {
        doc += docs[k] + 1;
        docs[k] = doc;
        tf[k] += 1;
      }
      terms[i][f] = { docs: docs, tf: tf, lengths: own };
      at += counts[i];
    }
  }
  return terms;
}
