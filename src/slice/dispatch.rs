//! Runtime dispatch: one kernel body, compiled three times.
//!
//! Every kernel is written once, as an `#[inline(always)]` function of one
//! element with no data-dependent branch (selects, not jumps), applied by a
//! plain loop. LLVM's loop vectoriser turns that loop into SIMD code — but only
//! for the instruction set the function is compiled for. Rust's default x86-64
//! target is SSE2 without FMA, so the same loop is instantiated inside
//! functions marked `#[target_feature(enable = …)]` for AVX-512 and AVX2 + FMA,
//! and [`Level::detect`] picks one at run time, once, and caches it.
//!
//! Every operation in a kernel is a correctly rounded IEEE operation (`+`,
//! `*`, `/`, `mul_add`, bit casts), so the three instantiations give the same
//! bits; the tests check that. Without hardware FMA, `mul_add` is a library
//! call: correct, but slow — the portable level is there to be right
//! everywhere, the others to be fast.

use super::sealed::Kernels;
use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread::LocalKey;

/// An instruction-set level a kernel can be compiled for, and the proof that
/// this CPU supports it.
///
/// The field is private to this module, so a `Level` can only come from
/// [`Level::detect`] or [`Level::supported`], which ask the CPU. That is what
/// makes the safe functions below sound: they run code compiled for the
/// level's features, which would be undefined behaviour on a CPU without them.
///
/// Every function of [`crate::slice`] runs at [`Level::detect`]'s level
/// unless [`Level::run`] says otherwise — which is how the benchmarks and the
/// tests measure each level on one machine:
///
/// ```
/// use activations::slice::{self, Level};
///
/// let x = [-1.0_f32, 0.0, 2.0];
/// let mut y = [[0.0_f32; 3]; 2];
/// let levels = Level::supported();
/// assert_eq!(levels[0].name(), "portable");
/// assert_eq!(levels.last(), Some(&Level::detect()));
/// levels[0].run(|| slice::sigmoid(&x, &mut y[0]));
/// Level::detect().run(|| slice::sigmoid(&x, &mut y[1]));
/// assert_eq!(y[0], y[1]); // every level computes the same bits
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level(Isa);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Isa {
    /// Rust's baseline for the target (SSE2 on x86-64, NEON on aarch64).
    Portable,
    /// AVX2 with FMA: 8 `f32` lanes (Haswell and later, Zen).
    #[cfg(target_arch = "x86_64")]
    Avx2,
    /// AVX-512F/DQ/VL/BW: 16 `f32` lanes (Skylake-SP and later, Zen 4).
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

static CACHED: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// The level [`Level::run`] set for this thread, if any.
    static FORCED: Cell<Option<Level>> = const { Cell::new(None) };
    /// The loop [`Loop::run`] set for this thread.
    static LOOP: Cell<Loop> = const { Cell::new(Loop::Staged) };
    /// The threads [`Threads::run`] allowed on this thread: one by default.
    static THREADS: Cell<Threads> = const { Cell::new(Threads::ONE) };
}

/// How many threads the slice functions may use, and how many elements a
/// thread must get at least: one thread by default; more with
/// [`Threads::run`], the way PyTorch splits an element-wise operation on a
/// large tensor across its thread pool (“intra-op parallelism”).
///
/// An array is cut into at most `count` pieces of at least
/// `min_per_thread` elements each (whole rows, for softmax); the calling
/// thread computes the first piece and a scoped thread each other one.
/// Every element is computed by the same code as in one thread, so the
/// results are the same bits; only the time differs. Starting a thread
/// costs some ten microseconds, which a short array does not repay: the
/// default [`Threads::MIN_PER_THREAD`] comes from the cost chapter's
/// measurement of where two threads start to win.
///
/// ```
/// use activations::slice::{self, Threads};
///
/// let x: Vec<f32> = (0..300_000).map(|i| i as f32 / 10_000.0 - 15.0).collect();
/// let (mut one, mut two) = (vec![0.0; x.len()], vec![0.0; x.len()]);
/// slice::sigmoid(&x, &mut one);
/// Threads::new(2).run(|| slice::sigmoid(&x, &mut two));
/// assert_eq!(one, two);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threads {
    count: usize,
    min_per_thread: usize,
}

impl Threads {
    /// Elements a thread must get at least, unless
    /// [`min_per_thread`](Self::min_per_thread) says otherwise: 2¹⁷, so
    /// that arrays of 2¹⁸ elements and more are split — where the cost
    /// chapter measured a second thread to pay for σ, and ReLU to break
    /// even at least (`data/cost_threads.csv`).
    pub const MIN_PER_THREAD: usize = 1 << 17;

    const ONE: Threads = Threads {
        count: 1,
        min_per_thread: Self::MIN_PER_THREAD,
    };

    /// At most `count` threads (at least one).
    pub fn new(count: usize) -> Threads {
        Threads {
            count: count.max(1),
            ..Self::ONE
        }
    }

    /// As many threads as this machine runs at once
    /// (`std::thread::available_parallelism`; one if it cannot tell).
    pub fn available() -> Threads {
        Threads::new(std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// The same, splitting arrays into pieces of at least `elements`
    /// elements (at least one) instead of [`Threads::MIN_PER_THREAD`]: the
    /// measurement uses 1, to see what a split costs on short arrays.
    pub fn min_per_thread(self, elements: usize) -> Threads {
        Threads {
            min_per_thread: elements.max(1),
            ..self
        }
    }

    /// The number of threads.
    pub fn count(self) -> usize {
        self.count
    }

    /// Runs `f` with every function of [`crate::slice`] called on this
    /// thread allowed these threads, then restores the previous choice
    /// (also when `f` panics).
    pub fn run<R>(self, f: impl FnOnce() -> R) -> R {
        with_thread_local(&THREADS, self, f)
    }

    /// Into how many pieces of whole `unit`s (elements, or rows) the
    /// threads in force cut `len` elements.
    pub(super) fn pieces(len: usize, unit: usize) -> usize {
        let Threads {
            count,
            min_per_thread,
        } = THREADS.with(Cell::get);
        let units = len / unit.max(1);
        let units_per_piece = min_per_thread.div_ceil(unit.max(1)).max(1);
        (units / units_per_piece).clamp(1, count)
    }
}

/// Runs `f` with the thread-local `cell` set to `value`, then restores the
/// value it had (also when `f` panics): what [`Level::run`], [`Loop::run`]
/// and [`Threads::run`] do.
fn with_thread_local<V: Copy + 'static, R>(
    cell: &'static LocalKey<Cell<V>>,
    value: V,
    f: impl FnOnce() -> R,
) -> R {
    struct Restore<V: Copy + 'static>(&'static LocalKey<Cell<V>>, V);
    impl<V: Copy + 'static> Drop for Restore<V> {
        fn drop(&mut self) {
            self.0.with(|c| c.set(self.1));
        }
    }
    let _restore = Restore(cell, cell.with(|c| c.replace(value)));
    f()
}

// ANCHOR: threads
/// `f` on `output` (and `input`, cut the same way) in pieces of whole
/// `unit`s: the first piece on this thread, the others on scoped threads,
/// each with this thread's [`Loop`]. With one piece, just `f`.
fn in_pieces<T: Send + Sync>(
    input: Option<&[T]>,
    output: &mut [T],
    unit: usize,
    f: impl Fn(Option<&[T]>, &mut [T]) + Sync,
) {
    let pieces = Threads::pieces(output.len(), unit);
    if pieces == 1 {
        return f(input, output);
    }
    let units = output.len().div_ceil(unit);
    let per_piece = units.div_ceil(pieces) * unit;
    let (f, chosen_loop) = (&f, Loop::current());
    std::thread::scope(|scope| {
        let mut output = output.chunks_mut(per_piece);
        let mut input = input.map(|x| x.chunks(per_piece));
        let mut next = || (input.as_mut().and_then(Iterator::next), output.next());
        let first = next();
        while let (x, Some(y)) = next() {
            scope.spawn(move || chosen_loop.run(|| f(x, y)));
        }
        if let (x, Some(y)) = first {
            f(x, y);
        }
    });
}
// ANCHOR_END: threads

/// How the kernels built from two stages — σ, σ′, tanh′, SiLU and the tanh
/// GELU — run their loops: [`Loop::Staged`], two loops over each chunk of
/// 128 elements (the default), or [`Loop::Single`], one loop over all
/// elements with both stages in it. The arithmetic is the same, and so is
/// every bit of the result; only the speed differs, which is what
/// [`Loop::run`] is for (the cost chapter measures both):
///
/// ```
/// use activations::slice::{self, Loop};
///
/// let x: Vec<f32> = (-500..500).map(|i| i as f32 / 25.0).collect();
/// let (mut staged, mut single) = (vec![0.0; 1000], vec![0.0; 1000]);
/// slice::sigmoid(&x, &mut staged);
/// Loop::Single.run(|| slice::sigmoid(&x, &mut single));
/// assert_eq!(staged, single);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loop {
    /// Two loops over each chunk: the first stage's, then the second's.
    Staged,
    /// One loop, both stages per element.
    Single,
}

impl Loop {
    /// Runs `f` with every two-stage kernel called on this thread looping
    /// this way, then restores the previous choice (also when `f` panics).
    pub fn run<R>(self, f: impl FnOnce() -> R) -> R {
        with_thread_local(&LOOP, self, f)
    }

    /// The choice in force on this thread.
    fn current() -> Loop {
        LOOP.with(Cell::get)
    }
}

impl Level {
    /// The best level this CPU supports, detected once.
    pub fn detect() -> Level {
        // Only this function stores into CACHED, and only a level that
        // `supported` answered, so a cached level is one this CPU runs.
        match CACHED.load(Ordering::Relaxed) {
            1 => Level(Isa::Portable),
            #[cfg(target_arch = "x86_64")]
            2 => Level(Isa::Avx2),
            #[cfg(target_arch = "x86_64")]
            3 => Level(Isa::Avx512),
            _ => {
                let level = Self::supported()
                    .last()
                    .copied()
                    .unwrap_or(Level(Isa::Portable));
                CACHED.store(level.0 as u8 + 1, Ordering::Relaxed);
                level
            }
        }
    }

    /// Every level this CPU can run, slowest first: `portable`, then `avx2`
    /// and `avx512` where the CPU has them.
    pub fn supported() -> Vec<Level> {
        #[allow(unused_mut)]
        let mut levels = vec![Level(Isa::Portable)];
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                levels.push(Level(Isa::Avx2));
                if is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512dq")
                    && is_x86_feature_detected!("avx512vl")
                    && is_x86_feature_detected!("avx512bw")
                {
                    levels.push(Level(Isa::Avx512));
                }
            }
        }
        levels
    }

    /// The level's name: `portable`, `avx2` (AVX2 + FMA) or `avx512`.
    pub fn name(self) -> &'static str {
        match self.0 {
            Isa::Portable => "portable",
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => "avx2",
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => "avx512",
        }
    }

    /// Runs `f` with every function of [`crate::slice`] called on this thread
    /// compiled for this level, then restores the previous choice (also when
    /// `f` panics).
    pub fn run<R>(self, f: impl FnOnce() -> R) -> R {
        with_thread_local(&FORCED, Some(self), f)
    }

    /// The instruction set of this level.
    pub(crate) fn isa(self) -> Isa {
        self.0
    }

    /// The level the slice functions use now: the one [`Level::run`] set on
    /// this thread, or else [`Level::detect`]'s.
    pub(crate) fn current() -> Level {
        FORCED.with(Cell::get).unwrap_or_else(Level::detect)
    }
}

/// A kernel of one element, as the loops below take it.
///
/// The public functions pass unit structs whose `apply` is
/// `#[inline(always)]`: a direct call, which LLVM always inlines, so the kernel
/// is compiled with the level's features. (A function passed as a value is
/// called through its `Fn` implementation, which LLVM inlines only while the
/// kernel is small: the tanh GELU, passed that way, was left a call compiled
/// for the baseline, with `mul_add` a library call — 50 times slower.) Every
/// `Fn(T) -> T` is a kernel too, for small closures and for the tests.
pub(crate) trait Kernel<T>: Copy + Send + Sync {
    fn apply(self, x: T) -> T;
}

impl<T, F: Fn(T) -> T + Copy + Send + Sync> Kernel<T> for F {
    #[inline(always)]
    fn apply(self, x: T) -> T {
        self(x)
    }
}

// ANCHOR: map
/// The loop every element-wise kernel runs: `output[i] = f(input[i])`.
#[inline(always)]
fn map_body<T: Copy>(input: &[T], output: &mut [T], f: impl Kernel<T>) {
    for (o, &x) in output.iter_mut().zip(input) {
        *o = f.apply(x);
    }
}

#[inline(always)]
fn map_in_place_body<T: Copy>(data: &mut [T], f: impl Kernel<T>) {
    for x in data.iter_mut() {
        *x = f.apply(*x);
    }
}

/// The same loop for AVX-512: LLVM vectorises `f` 16 `f32` lanes wide.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
fn map_avx512<T: Copy>(input: &[T], output: &mut [T], f: impl Kernel<T>) {
    map_body(input, output, f)
}
// ANCHOR_END: map

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn map_avx2<T: Copy>(input: &[T], output: &mut [T], f: impl Kernel<T>) {
    map_body(input, output, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
fn map_in_place_avx512<T: Copy>(data: &mut [T], f: impl Kernel<T>) {
    map_in_place_body(data, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn map_in_place_avx2<T: Copy>(data: &mut [T], f: impl Kernel<T>) {
    map_in_place_body(data, f)
}

/// `output[i] = f(input[i])`, compiled for `level`.
///
/// A [`Level`] can only come from the CPU, so `level` is one this CPU runs:
/// the dispatching callers pass [`Level::detect`], the tests each supported
/// level in turn.
#[inline(always)]
pub(crate) fn map<T: Copy + Send + Sync>(
    level: Level,
    input: &[T],
    output: &mut [T],
    f: impl Kernel<T>,
) {
    in_pieces(Some(input), output, CHUNK, |x, y| {
        map_on_this_thread(level, x.unwrap_or_default(), y, f)
    })
}

#[inline(always)]
fn map_on_this_thread<T: Copy>(level: Level, input: &[T], output: &mut [T], f: impl Kernel<T>) {
    match level.0 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` is only made by asking the CPU (see `Level`), so
        // this CPU has these features.
        Isa::Avx512 => unsafe { map_avx512(input, output, f) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above.
        Isa::Avx2 => unsafe { map_avx2(input, output, f) },
        _ => map_body(input, output, f),
    }
}

/// `data[i] = f(data[i])`, compiled for `level` (see [`map`]).
#[inline(always)]
pub(crate) fn map_in_place<T: Copy + Send + Sync>(level: Level, data: &mut [T], f: impl Kernel<T>) {
    in_pieces(None, data, CHUNK, |_, y| {
        map_in_place_on_this_thread(level, y, f)
    })
}

#[inline(always)]
fn map_in_place_on_this_thread<T: Copy>(level: Level, data: &mut [T], f: impl Kernel<T>) {
    match level.0 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` is only made by asking the CPU (see `Level`), so
        // this CPU has these features.
        Isa::Avx512 => unsafe { map_in_place_avx512(data, f) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above.
        Isa::Avx2 => unsafe { map_in_place_avx2(data, f) },
        _ => map_in_place_body(data, f),
    }
}

/// A kernel in two stages: `first` computes the exponential's parts of one
/// element, `second` the rest from them (and from x).
///
/// Why split a kernel that could run in one loop: the σ kernel is a chain
/// of about 30 dependent operations, 80 cycles from load to store. To keep
/// the vector units busy the CPU must work on several iterations at once, and
/// with one long chain per iteration their waiting operations fill its
/// scheduler first — with 8 lanes per iteration (AVX2) the loop ran at half
/// the speed its operation count allows. [`map_staged`] runs the two stages
/// as two loops over a chunk of [`CHUNK`] elements, each with a chain half as
/// long; the parts in between stay in the L1 cache (p in the output, s in a
/// buffer on the stack). The arithmetic is the same, so is every bit.
///
/// A kernel whose first stage is itself a long chain — the tanh GELU, which
/// computes its argument w in double-`f32` arithmetic before the
/// exponential — sets [`PREPARED`](Staged::PREPARED) and splits `first`
/// once more, into [`prepare`](Staged::prepare) and
/// [`first_prepared`](Staged::first_prepared): three loops per chunk, the
/// two values in between kept where p and s go.
pub(crate) trait Staged<T>: Copy + Send + Sync {
    fn first(self, x: T) -> (T, T);
    fn second(self, x: T, p: T, s: T) -> T;
    /// Whether [`map_staged`] runs `first` as `prepare`, then
    /// `first_prepared`; `first(x)` must equal `first_prepared(x,
    /// prepare(x))`.
    const PREPARED: bool = false;
    fn prepare(self, x: T) -> (T, T)
    where
        T: Copy,
    {
        (x, x)
    }
    fn first_prepared(self, x: T, _a: T, _b: T) -> (T, T) {
        self.first(x)
    }
    // ANCHOR: first_chunk
    /// Stage one over a chunk: `first` (or `prepare`, then
    /// `first_prepared`) element by element, into `p` and `s`. A kernel
    /// whose stage one LLVM cannot vectorise well overrides it with a loop
    /// written for `level` — the exact GELU's table lookups (see
    /// `slice::gelu_tail`) — that must give the same bits.
    #[inline(always)]
    fn first_chunk(self, level: Level, x: &[T], p: &mut [T], s: &mut [T])
    where
        T: Copy,
    {
        let _ = level;
        if Self::PREPARED {
            for ((p, s), &x) in p.iter_mut().zip(s.iter_mut()).zip(x) {
                (*p, *s) = self.prepare(x);
            }
            for ((p, s), &x) in p.iter_mut().zip(s.iter_mut()).zip(x) {
                (*p, *s) = self.first_prepared(x, *p, *s);
            }
        } else {
            for ((p, s), &x) in p.iter_mut().zip(s.iter_mut()).zip(x) {
                (*p, *s) = self.first(x);
            }
        }
    }
    // ANCHOR_END: first_chunk
}

/// A [`Staged`] kernel as one: both stages in the one loop of [`map`].
#[derive(Clone, Copy)]
pub(crate) struct Whole<S>(pub S);

impl<T: Copy, S: Staged<T>> Kernel<T> for Whole<S> {
    #[inline(always)]
    fn apply(self, x: T) -> T {
        let (p, s) = self.0.first(x);
        self.0.second(x, p, s)
    }
}

/// Elements per chunk of [`map_staged`]: 128 `f32` are 512 bytes, small
/// enough for input, output and buffer to stay in the L1 cache, large enough
/// that each stage's loop runs many iterations (measured: 64 to 256 run
/// alike, 1024 is slower).
const CHUNK: usize = 128;

// ANCHOR: map_staged
/// The two (or three) loops of a [`Staged`] kernel over one chunk.
#[inline(always)]
fn staged_chunk<T: Copy, F: Staged<T>>(
    level: Level,
    x: &[T],
    y: &mut [T],
    buffer: &mut [T; CHUNK],
    f: F,
) {
    f.first_chunk(level, x, y, &mut buffer[..x.len()]);
    // Indexed over slices of one length, not zipped: for the exact GELU,
    // whose second stage ignores s, LLVM vectorised the zipped loop with
    // a scalar epilogue of a whole vector's worth (16 of 128 elements at
    // AVX-512, which doubled its time).
    let n = x.len().min(y.len());
    let (x, y, s) = (&x[..n], &mut y[..n], &buffer[..n]);
    for i in 0..n {
        y[i] = f.second(x[i], y[i], s[i]);
    }
}

#[inline(always)]
fn map_staged_body<T: Copy>(level: Level, input: &[T], output: &mut [T], f: impl Staged<T>) {
    let Some(&zero) = input.first() else { return };
    let mut buffer = [zero; CHUNK];
    for (x, y) in input.chunks(CHUNK).zip(output.chunks_mut(CHUNK)) {
        staged_chunk(level, x, y, &mut buffer, f);
    }
}
// ANCHOR_END: map_staged

/// In place, each chunk's input is first copied aside.
#[inline(always)]
fn map_staged_in_place_body<T: Copy>(level: Level, data: &mut [T], f: impl Staged<T>) {
    let Some(&zero) = data.first() else { return };
    let (mut buffer, mut copy) = ([zero; CHUNK], [zero; CHUNK]);
    for y in data.chunks_mut(CHUNK) {
        let x = &mut copy[..y.len()];
        x.copy_from_slice(y);
        staged_chunk(level, x, y, &mut buffer, f);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
fn map_staged_avx512<T: Copy>(input: &[T], output: &mut [T], f: impl Staged<T>) {
    map_staged_body(Level(Isa::Avx512), input, output, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn map_staged_avx2<T: Copy>(input: &[T], output: &mut [T], f: impl Staged<T>) {
    map_staged_body(Level(Isa::Avx2), input, output, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
fn map_staged_in_place_avx512<T: Copy>(data: &mut [T], f: impl Staged<T>) {
    map_staged_in_place_body(Level(Isa::Avx512), data, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn map_staged_in_place_avx2<T: Copy>(data: &mut [T], f: impl Staged<T>) {
    map_staged_in_place_body(Level(Isa::Avx2), data, f)
}

/// `output[i] = f.second(x, f.first(x))` for x = `input[i]`, compiled for
/// `level` (see [`map`]), in chunks.
#[inline(always)]
pub(crate) fn map_staged<T: Copy + Send + Sync>(
    level: Level,
    input: &[T],
    output: &mut [T],
    f: impl Staged<T>,
) {
    if Loop::current() == Loop::Single {
        return map(level, input, output, Whole(f));
    }
    in_pieces(Some(input), output, CHUNK, |x, y| {
        map_staged_on_this_thread(level, x.unwrap_or_default(), y, f)
    })
}

#[inline(always)]
fn map_staged_on_this_thread<T: Copy>(
    level: Level,
    input: &[T],
    output: &mut [T],
    f: impl Staged<T>,
) {
    match level.0 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` is only made by asking the CPU (see `Level`), so
        // this CPU has these features.
        Isa::Avx512 => unsafe { map_staged_avx512(input, output, f) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above.
        Isa::Avx2 => unsafe { map_staged_avx2(input, output, f) },
        _ => map_staged_body(Level(Isa::Portable), input, output, f),
    }
}

/// [`map_staged`] in place.
#[inline(always)]
pub(crate) fn map_staged_in_place<T: Copy + Send + Sync>(
    level: Level,
    data: &mut [T],
    f: impl Staged<T>,
) {
    if Loop::current() == Loop::Single {
        return map_in_place(level, data, Whole(f));
    }
    in_pieces(None, data, CHUNK, |_, y| {
        map_staged_in_place_on_this_thread(level, y, f)
    })
}

#[inline(always)]
fn map_staged_in_place_on_this_thread<T: Copy>(level: Level, data: &mut [T], f: impl Staged<T>) {
    match level.0 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` is only made by asking the CPU (see `Level`), so
        // this CPU has these features.
        Isa::Avx512 => unsafe { map_staged_in_place_avx512(data, f) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above.
        Isa::Avx2 => unsafe { map_staged_in_place_avx2(data, f) },
        _ => map_staged_in_place_body(Level(Isa::Portable), data, f),
    }
}

#[inline(always)]
fn rows_body<T: Kernels>(input: Option<&[T]>, data: &mut [T], row_len: usize) {
    for (i, row) in data.chunks_exact_mut(row_len).enumerate() {
        T::softmax_row(input.map(|x| &x[i * row_len..(i + 1) * row_len]), row);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
fn rows_avx512<T: Kernels>(input: Option<&[T]>, data: &mut [T], row_len: usize) {
    rows_body(input, data, row_len)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn rows_avx2<T: Kernels>(input: Option<&[T]>, data: &mut [T], row_len: usize) {
    rows_body(input, data, row_len)
}

/// The softmax of each row of `row_len` elements of `data`, compiled for
/// `level`; with `input`, each row is read from there. (The row
/// kernel is called directly, not passed as a function: LLVM does not always
/// inline a large function passed as a value, and a kernel not inlined is
/// compiled without the level's features.)
#[inline(always)]
pub(crate) fn softmax_rows<T: Kernels>(
    level: Level,
    input: Option<&[T]>,
    data: &mut [T],
    row_len: usize,
) {
    in_pieces(input, data, row_len, |x, y| {
        softmax_rows_on_this_thread(level, x, y, row_len)
    })
}

#[inline(always)]
fn softmax_rows_on_this_thread<T: Kernels>(
    level: Level,
    input: Option<&[T]>,
    data: &mut [T],
    row_len: usize,
) {
    match level.0 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` is only made by asking the CPU (see `Level`), so
        // this CPU has these features.
        Isa::Avx512 => unsafe { rows_avx512(input, data, row_len) },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: as above.
        Isa::Avx2 => unsafe { rows_avx2(input, data, row_len) },
        _ => rows_body(input, data, row_len),
    }
}
