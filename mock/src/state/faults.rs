//! Fault decisions: which scheduled rule, if any, picks a request. Decided before any handler
//! runs, so that a faulted request changes no state.

use crate::faults::{Fault, FaultSchedule};

/// One configured rule with its random generator.
#[derive(Debug)]
struct Rule {
    schedule: FaultSchedule,
    fault: Fault,
    rng: fastrand::Rng,
}

impl Rule {
    /// Whether the rule picks request number `n`. Random rules draw on every request, so each
    /// rule's sequence depends only on the request count.
    fn picks(&mut self, n: u64) -> bool {
        match self.schedule {
            FaultSchedule::Every(k) => k != 0 && n.is_multiple_of(k),
            FaultSchedule::Fraction { fraction, .. } => self.rng.f64() < fraction.clamp(0.0, 1.0),
        }
    }
}

/// The fault rules of one server.
#[derive(Debug)]
pub(crate) struct FaultRules {
    rules: Vec<Rule>,
}

impl FaultRules {
    /// The configured rules, each with its random generator.
    pub(crate) fn new(rules: &[(FaultSchedule, Fault)]) -> Self {
        let rules = rules
            .iter()
            .map(|&(schedule, fault)| Rule {
                schedule,
                fault,
                rng: match schedule {
                    FaultSchedule::Fraction { seed, .. } => fastrand::Rng::with_seed(seed),
                    FaultSchedule::Every(_) => fastrand::Rng::with_seed(0),
                },
            })
            .collect();
        Self { rules }
    }

    /// The fault of the first rule that picks request number `n`. Every rule sees every
    /// request, so each rule's random sequence depends only on the request count.
    pub(crate) fn decide(&mut self, n: u64) -> Option<Fault> {
        let mut picked = None;
        for rule in &mut self.rules {
            if rule.picks(n) && picked.is_none() {
                picked = Some(rule.fault);
            }
        }
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zero_never_picks() {
        let mut rules = FaultRules::new(&[(FaultSchedule::every(0), Fault::Unavailable)]);
        assert!((1..100).all(|n| rules.decide(n).is_none()));
    }
}
