//! SIGINT (Ctrl-C) and SIGTERM for the commands that must stop cleanly.
//!
//! A command that calls [`install`] is told about the first signal (through
//! [`requested`] and [`received`]) and finishes what it is doing; a second
//! signal ends the process at once with the signal's exit code. Commands that
//! never call it keep the default behaviour: the first signal ends them.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use tokio::sync::Notify;

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

static FIRST: AtomicU8 = AtomicU8::new(0);
static INSTALLED: OnceLock<()> = OnceLock::new();

fn notify() -> &'static Notify {
    static NOTIFY: OnceLock<Notify> = OnceLock::new();
    NOTIFY.get_or_init(Notify::new)
}

/// Starts listening for SIGINT and SIGTERM (once per process; call from
/// inside the runtime). The first signal is recorded; the second ends the
/// process at once.
pub fn install() {
    if INSTALLED.set(()).is_err() {
        return;
    }
    tokio::spawn(async {
        let mut signals = Signals::new();
        loop {
            let signal = signals.next().await;
            if FIRST
                .compare_exchange(0, signal.as_u8(), Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                eprintln!("\nsecond signal: stopping now");
                std::process::exit(i32::from(signal.exit_code()));
            }
            notify().notify_waiters();
        }
    });
}

/// The signal streams, registered once so that no signal falls between two waits.
struct Signals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new() -> Self {
        #[cfg(unix)]
        {
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
        #[cfg(not(unix))]
        Signals {}
    }

    #[cfg(unix)]
    async fn next(&mut self) -> Signal {
        match &mut self.streams {
            Some((int, term)) => tokio::select! {
                _ = int.recv() => Signal::Interrupt,
                _ = term.recv() => Signal::Terminate,
            },
            None => std::future::pending().await,
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> Signal {
        let _ = tokio::signal::ctrl_c().await;
        Signal::Interrupt
    }
}

/// The first signal received since [`install`], if any.
pub fn requested() -> Option<Signal> {
    Signal::from_u8(FIRST.load(Ordering::SeqCst))
}

/// Resolves when the first signal has arrived (at once if it already has).
pub async fn received() -> Signal {
    loop {
        let notified = notify().notified();
        tokio::pin!(notified);
        // Registered before the check, so a signal in between is not missed.
        notified.as_mut().enable();
        if let Some(signal) = requested() {
            return signal;
        }
        notified.await;
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
}
