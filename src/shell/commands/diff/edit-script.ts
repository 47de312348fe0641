/**
 * GNU diffutils 3.8's line matching, step for step, so that our hunks are the ones `diff`
 * prints (several edit scripts are often equally short; GNU's choice is the one students see):
 *
 * 1. the identical prefix and suffix are set aside, less `horizon` lines (the context) at each
 *    end, which stay in play (io.c find_identical_ends);
 * 2. lines that match nothing in the other file are marked changed before the search
 *    (analyze.c discard_confusing_lines);
 * 3. Myers' O(ND) search for the middle snake, splitting recursively (gnulib diffseq.h, with its
 *    "too expensive" cut-off; the -H heuristic is off, as by default);
 * 4. runs of changes slide down past identical lines and merge (analyze.c shift_boundaries).
 *
 * A line is its text with its newline: a last line without one equals only a last line without
 * one, as in diff's normal, context and unified formats.
 */

/** One change: `deleted` lines of file 0 from `line0`, `inserted` lines of file 1 from `line1` (0-based). */
export interface Change {
  line0: number;
  line1: number;
  deleted: number;
  inserted: number;
}

/**
 * The changes that turn `a` into `b`, in order. `horizon` is the context the output will show;
 * `key` makes lines that differ only in ways to ignore equal (-i), except in the identical ends,
 * which GNU finds byte by byte.
 */
export function editScript(a: readonly string[], b: readonly string[], horizon: number, key: (line: string) => string = (line) => line): Change[] {
  // 1. identical ends, in whole lines (GNU compares bytes, then backs up to line starts).
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const prefix = Math.max(0, common - horizon);
  const limit = Math.min(a.length, b.length) - prefix;
  let trailing = 0;
  while (trailing < limit && a[a.length - 1 - trailing] === b[b.length - 1 - trailing]) trailing++;
  const suffix = Math.max(0, trailing - horizon);

  const lines = [a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)] as const;
  const classes = new Map<string, number>();
  // Class numbers start at 1, as GNU's do (0 is never a line's).
  const equivs = lines.map((side) =>
    side.map((line) => {
      const k = key(line);
      let id = classes.get(k);
      if (id === undefined) classes.set(k, (id = classes.size + 1));
      return id;
    }),
  ) as [number[], number[]];
  // changed[f][i + 1] for line i: a false sentinel at each end, as GNU allocates them.
  const changed = equivs.map((e) => new Uint8Array(e.length + 2)) as [Uint8Array, Uint8Array];

  const [undiscarded0, realIndexes0] = discardConfusingLines(equivs, classes.size + 1, changed, 0);
  const [undiscarded1, realIndexes1] = discardConfusingLines(equivs, classes.size + 1, changed, 1);
  new MiddleSnake(undiscarded0, undiscarded1, (x) => (changed[0][realIndexes0[x]! + 1] = 1), (y) => (changed[1][realIndexes1[y]! + 1] = 1)).run();

  shiftBoundaries(equivs, changed, 0);
  shiftBoundaries(equivs, changed, 1);
  return buildScript(changed, equivs[0].length, equivs[1].length, prefix);
}

/**
 * Lines of file `f` that match no line of the other file are changes, and need not be searched;
 * so are lines matching very many, when inside a run of such (GNU's "provisional" discards).
 * Returns the lines kept and where each one really is.
 */
function discardConfusingLines(equivs: readonly [number[], number[]], classCount: number, changed: [Uint8Array, Uint8Array], f: 0 | 1): [number[], number[]] {
  const counts = new Uint32Array(classCount);
  for (const id of equivs[1 - f]!) counts[id]!++;
  const own = equivs[f];
  const end = own.length;
  const discards = new Uint8Array(end);
  let many = 5;
  for (let tem = Math.floor(end / 64); (tem >>= 2) > 0; ) many *= 2;
  for (let i = 0; i < end; i++) {
    const matches = counts[own[i]!]!;
    if (matches === 0) discards[i] = 1;
    else if (matches > many) discards[i] = 2;
  }
  for (let i = 0; i < end; i++) {
    // Provisional discards stand only in the middle of a run of discards.
    if (discards[i] === 2) discards[i] = 0;
    else if (discards[i] !== 0) {
      let provisional = 0;
      let j = i;
      for (; j < end; j++) {
        if (discards[j] === 0) break;
        if (discards[j] === 2) provisional++;
      }
      while (j > i && discards[j - 1] === 2) (discards[--j] = 0), provisional--;
      const length = j - i;
      if (provisional * 4 > length) {
        while (j > i) if (discards[--j] === 2) discards[j] = 0;
      } else {
        let minimum = 1;
        for (let tem = Math.floor(length / 4); (tem >>= 2) > 0; ) minimum *= 2;
        minimum++;
        let consec = 0;
        for (j = 0; j < length; j++) {
          if (discards[i + j] !== 2) consec = 0;
          else if (minimum === ++consec) j -= consec;
          else if (minimum < consec) discards[i + j] = 0;
        }
        consec = 0;
        for (j = 0; j < length; j++) {
          if (j >= 8 && discards[i + j] === 1) break;
          if (discards[i + j] === 2) (consec = 0), (discards[i + j] = 0);
          else if (discards[i + j] === 0) consec = 0;
          else consec++;
          if (consec === 3) break;
        }
        i += length - 1;
        consec = 0;
        for (j = 0; j < length; j++) {
          if (j >= 8 && discards[i - j] === 1) break;
          if (discards[i - j] === 2) (consec = 0), (discards[i - j] = 0);
          else if (discards[i - j] === 0) consec = 0;
          else consec++;
          if (consec === 3) break;
        }
      }
    }
  }
  const kept: number[] = [];
  const realIndexes: number[] = [];
  for (let i = 0; i < end; i++) {
    if (discards[i] === 0) kept.push(own[i]!), realIndexes.push(i);
    else changed[f][i + 1] = 1;
  }
  return [kept, realIndexes];
}

/** gnulib's diffseq.h: compareseq and diag, without the -H heuristic. */
class MiddleSnake {
  private readonly fd: Int32Array;
  private readonly bd: Int32Array;
  /** Index of diagonal 0 in fd/bd (diagonals run from -(ylen+1) to xlen+1). */
  private readonly zero: number;
  private readonly tooExpensive: number;

  constructor(
    private readonly xv: readonly number[],
    private readonly yv: readonly number[],
    private readonly noteDelete: (x: number) => void,
    private readonly noteInsert: (y: number) => void,
  ) {
    const diags = xv.length + yv.length + 3;
    this.fd = new Int32Array(diags);
    this.bd = new Int32Array(diags);
    this.zero = yv.length + 1;
    this.tooExpensive = Math.max(4096, 2 ** ((Math.floor(Math.log2(diags)) >> 1) + 1));
  }

  run(): void {
    this.compare(0, this.xv.length, 0, this.yv.length, false);
  }

  private compare(xoff: number, xlim: number, yoff: number, ylim: number, findMinimal: boolean): void {
    const { xv, yv } = this;
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) xoff++, yoff++;
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) xlim--, ylim--;
    if (xoff === xlim) while (yoff < ylim) this.noteInsert(yoff++);
    else if (yoff === ylim) while (xoff < xlim) this.noteDelete(xoff++);
    else {
      const part = this.diag(xoff, xlim, yoff, ylim, findMinimal);
      this.compare(xoff, part.xmid, yoff, part.ymid, part.loMinimal);
      this.compare(part.xmid, xlim, part.ymid, ylim, part.hiMinimal);
    }
  }

  private diag(xoff: number, xlim: number, yoff: number, ylim: number, findMinimal: boolean) {
    const { xv, yv, zero } = this;
    const fd = (d: number) => this.fd[d + zero]!;
    const bd = (d: number) => this.bd[d + zero]!;
    const setF = (d: number, v: number) => (this.fd[d + zero] = v);
    const setB = (d: number, v: number) => (this.bd[d + zero] = v);
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    setF(fmid, xoff);
    setB(bmid, xlim);
    for (let c = 1; ; c++) {
      if (fmin > dmin) setF(--fmin - 1, -1);
      else ++fmin;
      if (fmax < dmax) setF(++fmax + 1, -1);
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd(d - 1);
        const thi = fd(d + 1);
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0;
        let y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) x++, y++;
        setF(d, x);
        if (odd && bmin <= d && d <= bmax && bd(d) <= x) return { xmid: x, ymid: y, loMinimal: true, hiMinimal: true };
      }
      if (bmin > dmin) setB(--bmin - 1, 0x7fffffff);
      else ++bmin;
      if (bmax < dmax) setB(++bmax + 1, 0x7fffffff);
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd(d - 1);
        const thi = bd(d + 1);
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0;
        let y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) x--, y--;
        setB(d, x);
        if (!odd && fmin <= d && d <= fmax && x <= fd(d)) return { xmid: x, ymid: y, loMinimal: true, hiMinimal: true };
      }
      if (findMinimal || c < this.tooExpensive) continue;
      // Gone well beyond the call of duty: report halfway between the best results so far.
      let fxybest = -1;
      let fxbest = 0;
      for (let d = fmax; d >= fmin; d -= 2) {
        let x = Math.min(fd(d), xlim);
        let y = x - d;
        if (ylim < y) (x = ylim + d), (y = ylim);
        if (fxybest < x + y) (fxybest = x + y), (fxbest = x);
      }
      let bxybest = Number.MAX_SAFE_INTEGER;
      let bxbest = 0;
      for (let d = bmax; d >= bmin; d -= 2) {
        let x = Math.max(xoff, bd(d));
        let y = x - d;
        if (y < yoff) (x = yoff + d), (y = yoff);
        if (x + y < bxybest) (bxybest = x + y), (bxbest = x);
      }
      return xlim + ylim - bxybest < fxybest - (xoff + yoff)
        ? { xmid: fxbest, ymid: fxybest - fxbest, loMinimal: true, hiMinimal: false }
        : { xmid: bxbest, ymid: bxybest - bxbest, loMinimal: false, hiMinimal: true };
    }
  }
}

/** Slide each run of changes as far down as identical lines allow, merging runs, then back to line up with the other file's. */
function shiftBoundaries(equivs: readonly [number[], number[]], flags: [Uint8Array, Uint8Array], f: 0 | 1): void {
  // Indexes below are line numbers; flags carry a sentinel before line 0.
  const changed = { get: (i: number) => flags[f][i + 1] === 1, set: (i: number, v: boolean) => (flags[f][i + 1] = v ? 1 : 0) };
  const otherChanged = (j: number) => flags[1 - f]![j + 1] === 1;
  const own = equivs[f];
  const iEnd = own.length;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < iEnd && !changed.get(i)) {
      while (otherChanged(j++));
      i++;
    }
    if (i === iEnd) break;
    let start = i;
    while (changed.get(++i));
    while (otherChanged(j)) j++;
    let runLength: number;
    let corresponding: number;
    do {
      runLength = i - start;
      while (start > 0 && own[start - 1] === own[i - 1]) {
        changed.set(--start, true);
        changed.set(--i, false);
        while (changed.get(start - 1)) start--;
        while (otherChanged(--j));
      }
      corresponding = otherChanged(j - 1) ? i : iEnd;
      while (i !== iEnd && own[start] === own[i]) {
        changed.set(start++, false);
        changed.set(i++, true);
        while (changed.get(i)) i++;
        while (otherChanged(++j)) corresponding = i;
      }
    } while (runLength !== i - start);
    while (corresponding < i) {
      changed.set(--start, true);
      changed.set(--i, false);
      while (otherChanged(--j));
    }
  }
}

function buildScript(flags: [Uint8Array, Uint8Array], length0: number, length1: number, offset: number): Change[] {
  const changed0 = (i: number) => flags[0][i + 1] === 1;
  const changed1 = (i: number) => flags[1][i + 1] === 1;
  const script: Change[] = [];
  let i0 = 0;
  let i1 = 0;
  while (i0 < length0 || i1 < length1) {
    if (changed0(i0) || changed1(i1)) {
      const line0 = i0;
      const line1 = i1;
      while (changed0(i0)) i0++;
      while (changed1(i1)) i1++;
      script.push({ line0: line0 + offset, line1: line1 + offset, deleted: i0 - line0, inserted: i1 - line1 });
    }
    i0++, i1++;
  }
  return script;
}
