//! SIGINT (Ctrl-C) and SIGTERM for the commands that must stop cleanly.
//!
//! A long command calls [`listen`] and hands the [`Shutdown`] it returns to
//! whatever does the work (the bulk writer, a step list, a wait, the stream
//! reader). The first signal cancels it: the work finishes what it is
//! doing, says how far it got and returns. A second signal ends the process
//! at once with the signal's exit code. Commands that never call [`listen`]
//! keep the default behaviour: the first signal ends them.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};

use tokio_util::sync::CancellationToken;

/// A signal asking the process to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT, Ctrl-C.
    Interrupt,
    /// SIGTERM, as sent by `kill`, CI runners and container stops.
    Terminate,
}

impl Signal {
    /// The shell's exit code for a process ended by this signal (128 + number).
    pub fn exit_code(self) -> u8 {
        match self {
            Signal::Interrupt => 130,
            Signal::Terminate => 143,
        }
    }

    fn from_u8(n: u8) -> Option<Signal> {
        match n {
            1 => Some(Signal::Interrupt),
            2 => Some(Signal::Terminate),
            _ => None,
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            Signal::Interrupt => 1,
            Signal::Terminate => 2,
        }
    }
}

/// A request to stop, shared by clones: the first [`Shutdown::stop`] (a
/// signal, or a test) cancels every clone and is remembered.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    token: CancellationToken,
    first: Arc<AtomicU8>,
}

impl Shutdown {
    /// A shutdown of its own, tied to no signal (tests, callers with a deadline).
    pub fn new() -> Self {
        Shutdown::default()
    }

    /// Asks everything holding a clone to stop. Returns false if a stop was
    /// asked already (the first one is kept).
    pub fn stop(&self, signal: Signal) -> bool {
        let first = self
            .first
            .compare_exchange(0, signal.as_u8(), Ordering::SeqCst, Ordering::SeqCst)
            .is_ok();
        self.token.cancel();
        first
    }

    /// The first stop asked, if any.
    pub fn requested(&self) -> Option<Signal> {
        Signal::from_u8(self.first.load(Ordering::SeqCst))
    }

    /// Waits `pause`, or less if a stop is asked meanwhile; says which.
    pub async fn sleep(&self, pause: std::time::Duration) -> Option<Signal> {
        tokio::select! {
            _ = tokio::time::sleep(pause) => self.requested(),
            signal = self.received() => Some(signal),
        }
    }

    /// Resolves when a stop has been asked (at once if it already has).
    pub async fn received(&self) -> Signal {
        self.token.cancelled().await;
        self.requested().unwrap_or(Signal::Interrupt)
    }
}

/// The process's shutdown: what [`listen`] hands out and signals cancel.
pub fn process() -> &'static Shutdown {
    static PROCESS: OnceLock<Shutdown> = OnceLock::new();
    PROCESS.get_or_init(Shutdown::new)
}

static INSTALLED: OnceLock<()> = OnceLock::new();

/// Starts listening for SIGINT and SIGTERM (the listener is set up once per
/// process; call from inside the runtime) and returns the process's
/// [`Shutdown`]: the first signal stops it, the second ends the process.
pub fn listen() -> Shutdown {
    let shutdown = process().clone();
    if INSTALLED.set(()).is_ok() {
        let on_signal = shutdown.clone();
        tokio::spawn(async move {
            let mut signals = Signals::new();
            loop {
                let signal = signals.next().await;
                if !on_signal.stop(signal) {
                    eprintln!("\nsecond signal: stopping now");
                    std::process::exit(i32::from(signal.exit_code()));
                }
            }
        });
    }
    shutdown
}

/// The signal streams, registered once so that no signal falls between two waits.
struct Signals {
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new() -> Self {
        use tokio::signal::unix::{signal, SignalKind};
        let streams = match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(int), Ok(term)) => Some((int, term)),
            _ => None,
        };
        Signals { streams }
    }

    async fn next(&mut self) -> Signal {
        match &mut self.streams {
            Some((int, term)) => tokio::select! {
                _ = int.recv() => Signal::Interrupt,
                _ = term.recv() => Signal::Terminate,
            },
            None => std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        assert_eq!(Signal::Interrupt.exit_code(), 130);
        assert_eq!(Signal::Terminate.exit_code(), 143);
        assert_eq!(
            Signal::from_u8(Signal::Terminate.as_u8()),
            Some(Signal::Terminate)
        );
        assert_eq!(Signal::from_u8(0), None);
    }
    #[tokio::test]
    async fn the_first_stop_reaches_every_clone_and_is_kept() {
        let shutdown = Shutdown::new();
        let clone = shutdown.clone();
        assert_eq!(clone.requested(), None);
        let waiter = tokio::spawn(async move { clone.received().await });
        assert!(shutdown.stop(Signal::Terminate));
        assert!(!shutdown.stop(Signal::Interrupt));
        assert_eq!(waiter.await.unwrap(), Signal::Terminate);
        assert_eq!(shutdown.requested(), Some(Signal::Terminate));
        // A shutdown of its own is not the process's.
        assert_eq!(process().requested(), None);
    }
}
