//! Numeric axes for the range plots: "nice" ticks on a linear or a log
//! scale, and the mapping of values to positions along the axis.

/// Data spanning more than this many orders of magnitude get a log scale.
const LOG_SPAN_DECADES: f64 = 1.5;

/// Values beyond this magnitude are clamped before an axis is fitted, so
/// that tick arithmetic never overflows.
const MAX_MAGNITUDE: f64 = 1e15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    Linear,
    Log,
}

/// An axis fitted to some data: its scale, its ends (the first and last
/// tick) and its ticks, increasing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    pub scale: Scale,
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

impl Axis {
    /// The axis for `values` (non-finite ones are ignored), or `None` when
    /// no value is finite. Positive data spanning more than 1.5 orders of
    /// magnitude get a log scale; other data a linear scale that includes 0.
    pub fn fit(values: impl IntoIterator<Item = f64>) -> Option<Axis> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            let v = v.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE);
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if lo > hi {
            return None;
        }
        if lo > 0.0 && (hi / lo).log10() > LOG_SPAN_DECADES {
            Some(log_axis(lo, hi))
        } else {
            Some(linear_axis(lo, hi))
        }
    }

    /// Where `v` falls along the axis, from 0 (min) to 1 (max), clamped.
    pub fn pos(&self, v: f64) -> f64 {
        let f = match self.scale {
            Scale::Linear => (v - self.min) / (self.max - self.min),
            Scale::Log if v <= 0.0 => 0.0,
            Scale::Log => (v.log10() - self.min.log10()) / (self.max.log10() - self.min.log10()),
        };
        if f.is_nan() {
            0.0
        } else {
            f.clamp(0.0, 1.0)
        }
    }
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    let f = raw / base;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * base
}

fn linear_axis(lo: f64, hi: f64) -> Axis {
    let lo = lo.min(0.0);
    let mut hi = hi.max(0.0);
    if hi <= lo {
        hi = lo + 1.0;
    }
    let step = nice_step((hi - lo) / 5.0);
    let mut first = (lo / step).floor();
    while first * step > lo {
        first -= 1.0;
    }
    let mut last = (hi / step).ceil();
    while last * step < hi {
        last += 1.0;
    }
    let n = (last - first).round() as usize;
    let ticks: Vec<f64> = (0..=n).map(|i| (first + i as f64) * step).collect();
    Axis {
        scale: Scale::Linear,
        min: ticks[0],
        max: ticks[n],
        ticks,
    }
}

fn log_axis(lo: f64, hi: f64) -> Axis {
    let mut e_lo = lo.log10().floor() as i32;
    while 10f64.powi(e_lo) > lo {
        e_lo -= 1;
    }
    let mut e_hi = hi.log10().ceil() as i32;
    while 10f64.powi(e_hi) < hi {
        e_hi += 1;
    }
    let (min, max) = (10f64.powi(e_lo), 10f64.powi(e_hi));
    // Few decades: label 2× and 5× as well, so the axis has enough marks.
    let multiples: &[f64] = if e_hi - e_lo <= 3 { &[1.0, 2.0, 5.0] } else { &[1.0] };
    let mut ticks = Vec::new();
    for e in e_lo..=e_hi {
        for m in multiples {
            let t = m * 10f64.powi(e);
            if t <= max {
                ticks.push(t);
            }
        }
    }
    Axis {
        scale: Scale::Log,
        min,
        max,
        ticks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_of_troops_get_a_linear_axis_from_zero() {
        let a = Axis::fit([3_000.0, 11_000.0, 12_000.0]).unwrap();
        assert_eq!(a.scale, Scale::Linear);
        assert_eq!(a.ticks, vec![0.0, 5_000.0, 10_000.0, 15_000.0]);
        assert_eq!(a.pos(7_500.0), 0.5);
    }

    #[test]
    fn values_two_orders_apart_get_a_log_axis() {
        let a = Axis::fit([3_000.0, 100_000.0]).unwrap();
        assert_eq!(a.scale, Scale::Log);
        assert_eq!(a.min, 1_000.0);
        assert_eq!(a.max, 100_000.0);
        assert_eq!(a.ticks, vec![1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5]);
        assert!((a.pos(10_000.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn degenerate_data_still_give_an_axis() {
        assert!(Axis::fit([]).is_none());
        assert!(Axis::fit([f64::NAN, f64::INFINITY]).is_none());
        let zero = Axis::fit([0.0]).unwrap();
        assert_eq!(zero.ticks.first(), Some(&0.0));
        assert!(zero.max > 0.0);
        let neg = Axis::fit([-5.0, -2.0]).unwrap();
        assert!(neg.min <= -5.0 && neg.max >= 0.0);
    }

    fn check(values: &[f64]) -> Result<(), TestCaseError> {
        let axis = Axis::fit(values.iter().copied()).unwrap();
        let (lo, hi) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
        prop_assert!(axis.ticks.len() >= 2 && axis.ticks.len() <= 40, "{:?}", axis.ticks);
        prop_assert!(axis.ticks.iter().all(|t| t.is_finite()));
        prop_assert!(axis.ticks.windows(2).all(|w| w[0] < w[1]), "{:?}", axis.ticks);
        prop_assert_eq!(axis.ticks[0], axis.min);
        prop_assert_eq!(*axis.ticks.last().unwrap(), axis.max);
        prop_assert!(axis.min <= lo && axis.max >= hi, "{:?} for {lo}..{hi}", axis.ticks);
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let pos: Vec<f64> = sorted.iter().map(|&v| axis.pos(v)).collect();
        prop_assert!(pos.iter().all(|p| (0.0..=1.0).contains(p)));
        prop_assert!(pos.windows(2).all(|w| w[0] <= w[1]));
        Ok(())
    }

    proptest! {
        #[test]
        fn ticks_cover_any_data(values in prop::collection::vec(-1e12f64..1e12, 1..20)) {
            check(&values)?;
        }

        #[test]
        fn ticks_cover_positive_data_of_any_spread(values in prop::collection::vec(1e-6f64..1e12, 1..20)) {
            check(&values)?;
        }

        #[test]
        fn pos_never_is_nan(values in prop::collection::vec(any::<f64>(), 0..8), v in any::<f64>()) {
            if let Some(axis) = Axis::fit(values) {
                let p = axis.pos(v);
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }
}
