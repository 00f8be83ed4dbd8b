//! Fitting the comparator's logistic regression, and k-fold
//! cross-validation of the whole comparator.
//!
//! The fit is L2-regularized logistic regression solved by Newton's method
//! (iteratively reweighted least squares) on standardized features: with
//! two dozen features and a few thousand pairs each step is one small
//! linear solve, it converges in a handful of steps, and it needs no
//! learning rate or random start, so a refit gives the same weights to the
//! last bit on every machine. The weights are then mapped back to raw
//! feature units so that the comparator needs no scaling at run time.

// Matrix code reads best with the indices of the formulas it implements.
#![allow(clippy::needless_range_loop)]

use crate::compare::verdict::{inputs, INPUTS};
use crate::compare::{Comparator, Features, Model, FEATURES};

use super::Confusion;

/// Settings of a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitParams {
    /// L2 penalty on the standardized weights (not on the bias).
    pub l2: f64,
    /// Newton steps at most.
    pub max_steps: usize,
}

impl Default for FitParams {
    fn default() -> Self {
        FitParams {
            l2: 0.1,
            max_steps: 50,
        }
    }
}

/// Fit a model to feature vectors `x` with labels `y`. Rows are weighted by
/// `weight` (1 each when empty): datasets of different sizes can be given
/// equal say.
pub fn fit(rows: &[[f64; FEATURES]], y: &[bool], weight: &[f64], params: FitParams) -> Model {
    let x: Vec<[f64; INPUTS]> = rows.iter().map(inputs).collect();
    let n = x.len();
    assert_eq!(n, y.len(), "one label per row");
    let wt = |i: usize| weight.get(i).copied().unwrap_or(1.0);
    if n == 0 {
        return Model {
            bias: 0.0,
            weights: [0.0; INPUTS],
        };
    }
    // Standardize.
    let total: f64 = (0..n).map(wt).sum();
    let mut mean = [0.0; INPUTS];
    let mut sd = [0.0; INPUTS];
    for (i, row) in x.iter().enumerate() {
        for j in 0..INPUTS {
            mean[j] += wt(i) * row[j];
        }
    }
    mean.iter_mut().for_each(|m| *m /= total);
    for (i, row) in x.iter().enumerate() {
        for j in 0..INPUTS {
            sd[j] += wt(i) * (row[j] - mean[j]).powi(2);
        }
    }
    sd.iter_mut().for_each(|s| *s = (*s / total).sqrt());
    let z = |row: &[f64; INPUTS], j: usize| {
        if sd[j] > 1e-12 {
            (row[j] - mean[j]) / sd[j]
        } else {
            0.0
        }
    };

    // Newton's method on [bias, w...].
    const D: usize = INPUTS + 1;
    let mut beta = [0.0; D];
    let mut zi = [0.0; D];
    for _ in 0..params.max_steps {
        let mut grad = [0.0; D];
        let mut hess = [[0.0; D]; D];
        for (i, row) in x.iter().enumerate() {
            zi[0] = 1.0;
            for j in 0..INPUTS {
                zi[j + 1] = z(row, j);
            }
            let eta: f64 = beta.iter().zip(&zi).map(|(b, v)| b * v).sum();
            let p = 1.0 / (1.0 + (-eta).exp());
            let r = wt(i) * (p - if y[i] { 1.0 } else { 0.0 });
            let h = wt(i) * (p * (1.0 - p)).max(1e-10);
            for a in 0..D {
                grad[a] += r * zi[a];
                for b in 0..=a {
                    hess[a][b] += h * zi[a] * zi[b];
                }
            }
        }
        for a in 1..D {
            grad[a] += params.l2 * beta[a];
            hess[a][a] += params.l2;
        }
        for a in 0..D {
            for b in 0..a {
                hess[b][a] = hess[a][b];
            }
        }
        let Some(step) = solve(hess, grad) else {
            break;
        };
        let mut change = 0.0f64;
        for a in 0..D {
            beta[a] -= step[a];
            change = change.max(step[a].abs());
        }
        if change < 1e-10 {
            break;
        }
    }

    // Back to raw units.
    let mut weights = [0.0; INPUTS];
    let mut bias = beta[0];
    for j in 0..INPUTS {
        if sd[j] > 1e-12 {
            weights[j] = beta[j + 1] / sd[j];
            bias -= weights[j] * mean[j];
        }
    }
    Model { bias, weights }
}

/// Solve `a · x = b` for a symmetric positive definite `a` (Cholesky).
fn solve<const D: usize>(mut a: [[f64; D]; D], b: [f64; D]) -> Option<[f64; D]> {
    for j in 0..D {
        let mut d = a[j][j];
        for k in 0..j {
            d -= a[j][k] * a[j][k];
        }
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j][j] = d;
        for i in j + 1..D {
            let mut s = a[i][j];
            for k in 0..j {
                s -= a[i][k] * a[j][k];
            }
            a[i][j] = s / d;
        }
    }
    let mut y = [0.0; D];
    for i in 0..D {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i][k] * y[k];
        }
        y[i] = s / a[i][i];
    }
    let mut x = [0.0; D];
    for i in (0..D).rev() {
        let mut s = y[i];
        for k in i + 1..D {
            s -= a[k][i] * x[k];
        }
        x[i] = s / a[i][i];
    }
    Some(x)
}

/// Held-out predictions of k-fold cross-validation.
///
/// Row `i` is in fold `fold[i]` (`0..k`); for each fold a model is fitted
/// on the other folds and `base` with that model judges the fold's rows
/// (all of its rules, not only the model). Returns, per row, whether the
/// comparator called it reuse.
pub fn cross_validate(
    base: &Comparator,
    features: &[Features],
    y: &[bool],
    weight: &[f64],
    fold: &[usize],
    k: usize,
    params: FitParams,
) -> Vec<bool> {
    let x: Vec<[f64; FEATURES]> = features.iter().map(Features::vector).collect();
    let mut predicted = vec![false; features.len()];
    for f in 0..k {
        let train: Vec<usize> = (0..x.len()).filter(|&i| fold[i] != f).collect();
        let tx: Vec<[f64; FEATURES]> = train.iter().map(|&i| x[i]).collect();
        let ty: Vec<bool> = train.iter().map(|&i| y[i]).collect();
        let tw: Vec<f64> = train
            .iter()
            .map(|&i| weight.get(i).copied().unwrap_or(1.0))
            .collect();
        let comparator = base.with_model(fit(&tx, &ty, &tw, params));
        for i in (0..x.len()).filter(|&i| fold[i] == f) {
            predicted[i] = comparator.judge(&features[i]).is_some();
        }
    }
    predicted
}

/// The confusion counts of predictions against labels.
pub fn confusion(predicted: &[bool], y: &[bool]) -> Confusion {
    let mut c = Confusion::default();
    for (&p, &l) in predicted.iter().zip(y) {
        c.add(p, l);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_system() {
        let a = [[4.0, 2.0], [2.0, 3.0]];
        let x = solve(a, [2.0, 1.0]).unwrap();
        assert!((x[0] - 0.5).abs() < 1e-12 && x[1].abs() < 1e-12);
        assert!(solve([[0.0, 0.0], [0.0, 1.0]], [1.0, 1.0]).is_none());
    }

    #[test]
    fn learns_which_feature_separates_and_is_repeatable() {
        // Label = feature 3 above ½, feature 5 is noise.
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..200 {
            let mut row = [0.0; FEATURES];
            row[3] = (i % 20) as f64 / 19.0;
            row[5] = ((i * 7) % 13) as f64 / 12.0;
            x.push(row);
            y.push(row[3] > 0.5);
        }
        let m = fit(&x, &y, &[], FitParams::default());
        assert!(m.weights[3] > 5.0, "{:?}", m.weights);
        assert!(m.weights[5].abs() < 0.5 * m.weights[3]);
        let correct = x
            .iter()
            .zip(&y)
            .filter(|(r, &l)| (m.probability(r) > 0.5) == l)
            .count();
        assert_eq!(correct, 200);
        assert_eq!(m, fit(&x, &y, &[], FitParams::default()));
    }
}
