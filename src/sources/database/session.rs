//! The connection and the read-only session: URL reading, TLS, timeouts, and batches of
//! catalog queries sent as one simple-protocol message each (one round trip per batch).

use super::DbOptions;
use super::conninfo::{self, HostSpec, Tls};
use super::error::{DbError, DbErrorKind, Target, classify};
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::config::SslMode;
use tokio_postgres::{Client, Config, NoTls, SimpleQueryMessage, SimpleQueryRow};

pub use conninfo::redact;

/// Whether a SOURCE argument is meant as a connection string rather than a file: a URL of any
/// scheme (a mistyped one is then refused as "not a connection string", never read as a path
/// whose error would echo it) or a libpq `key=value` string.
pub fn is_database_url(s: &str) -> bool {
    conninfo::looks(s) != conninfo::Looks::NotConnection
}

/// A parsed connection string, ready to connect.
pub(crate) struct ConnInfo {
    pub config: Config,
    pub target: Target,
    tls: Tls,
    password: Option<String>,
    /// The connect timeout the string asks for, if any.
    connect_timeout: Option<Duration>,
    hosts: usize,
}

/// Reads a `postgres://` URL or a `key=value` connection string.
pub(crate) fn parse(url: &str) -> Result<ConnInfo, DbError> {
    let p = conninfo::parse(url)?;
    let mut config = Config::new();
    let mut first_host = None;
    for h in &p.hosts {
        let name = match h {
            HostSpec::Tcp(n) | HostSpec::Unix(n) => n.clone(),
        };
        first_host.get_or_insert_with(|| name.clone());
        config.host(name);
    }
    for a in &p.hostaddrs {
        config.hostaddr(*a);
    }
    let host = match (first_host, p.hostaddrs.first()) {
        (Some(h), _) => h,
        (None, Some(a)) => a.to_string(),
        (None, None) => {
            config.host("localhost");
            "localhost".to_string()
        }
    };
    for port in &p.ports {
        config.port(*port);
    }
    let port = p.ports.first().copied().unwrap_or(5432);
    let user = match &p.user {
        Some(u) => u.clone(),
        None => std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "postgres".into()),
    };
    config.user(&user);
    if let Some(pw) = &p.password {
        config.password(pw);
    }
    let dbname = p.dbname.clone().unwrap_or_else(|| user.clone());
    config.dbname(&dbname);
    if let Some(o) = &p.options {
        config.options(o);
    }
    let tls = p.tls.unwrap_or(Tls::Encrypt { required: false });
    config.ssl_mode(match tls {
        Tls::Disable => SslMode::Disable,
        Tls::Encrypt { required: false } => SslMode::Prefer,
        _ => SslMode::Require,
    });
    Ok(ConnInfo {
        config,
        target: Target {
            host,
            port,
            user,
            dbname,
        },
        tls,
        password: p.password_text(),
        connect_timeout: p.connect_timeout,
        hosts: p.hosts.len().max(p.hostaddrs.len()).max(1),
    })
}

mod no_verify {
    //! `sslmode=require` semantics: the channel is encrypted and the handshake signatures are
    //! checked, but the certificate chain is not validated (libpq does the same).
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{DigitallySignedStruct, Error, SignatureScheme};
    use std::sync::Arc;

    #[derive(Debug)]
    pub struct AcceptAnyCert(pub Arc<CryptoProvider>);

    impl ServerCertVerifier for AcceptAnyCert {
        fn verify_server_cert(
            &self,
            _end_entity: &CertificateDer<'_>,
            _intermediates: &[CertificateDer<'_>],
            _server_name: &ServerName<'_>,
            _ocsp_response: &[u8],
            _now: UnixTime,
        ) -> Result<ServerCertVerified, Error> {
            Ok(ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            verify_tls12_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }
        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            verify_tls13_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
}

fn tls_connector(
    verify: bool,
    target: &Target,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, DbError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| DbError::new(DbErrorKind::Tls, Some(target), e.to_string()))?;
    let config = if verify {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(no_verify::AcceptAnyCert(provider)))
            .with_no_client_auth()
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// One result set of a batch: column positions by name, and the rows.
pub struct ResultSet {
    /// Column names in order (a handful: a linear search beats hashing).
    columns: Vec<String>,
    pub rows: Vec<SimpleQueryRow>,
}

impl ResultSet {
    /// A result set without rows.
    pub fn empty() -> Self {
        ResultSet {
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }
    /// Index of a column, for [`ResultSet::get`].
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// An open, read-only session on the database.
///
/// The client runs on a private single-thread runtime: every wait (connect, TLS, login, each
/// batch) is wrapped in a timeout there, which the blocking `postgres` client cannot do (its
/// `connect_timeout` covers only the TCP connect, so a server that accepts and never answers
/// would hang it for ever).
pub struct Session {
    rt: tokio::runtime::Runtime,
    client: Client,
    pub(crate) target: Target,
    password: Option<String>,
    /// Messages sent that waited for an answer (connection setup not counted).
    pub round_trips: usize,
    in_transaction: bool,
    statement_timeout: Duration,
    connect_timeout: Duration,
    /// A batch timed out on the client side: the connection is in an unknown state.
    broken: bool,
}

/// The largest statement timeout PostgreSQL accepts (`INT_MAX` milliseconds).
const MAX_STATEMENT_TIMEOUT_MS: u128 = i32::MAX as u128;

impl Session {
    /// Connects and opens the `READ ONLY` transaction, with the statement timeout and
    /// `search_path = pg_catalog` (so that every printed name is schema-qualified).
    pub fn open(url: &str, opts: &DbOptions) -> Result<Session, DbError> {
        Session::open_at(url, opts, None)
    }

    /// Opens a second session that sees exactly what another one sees (an exported snapshot).
    pub(crate) fn open_with_snapshot(
        url: &str,
        opts: &DbOptions,
        snapshot: &str,
    ) -> Result<Session, DbError> {
        Session::open_at(url, opts, Some(snapshot))
    }

    fn open_at(url: &str, opts: &DbOptions, snapshot: Option<&str>) -> Result<Session, DbError> {
        let mut info = parse(url)?;
        let connect_timeout = info
            .connect_timeout
            .map_or(opts.connect_timeout, |t| t.min(opts.connect_timeout))
            .max(Duration::from_millis(1));
        info.config
            .application_name("schemadrift")
            .connect_timeout(connect_timeout)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(30))
            .keepalives_interval(Duration::from_secs(10))
            .keepalives_retries(3);
        let target = info.target.clone();
        let password = info.password.clone();
        let scrub = |e: DbError| e.scrub(password.as_deref());
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| DbError::new(DbErrorKind::Unreachable, Some(&target), e.to_string()))?;
        let tls = match info.tls {
            Tls::Disable => None,
            Tls::Encrypt { .. } => Some(tls_connector(false, &target)?),
            Tls::Verify => Some(tls_connector(true, &target)?),
        };
        let config = info.config.clone();
        let connect = async move {
            match tls {
                None => {
                    let (client, conn) = config.connect(NoTls).await?;
                    tokio::spawn(async move {
                        let _ = conn.await;
                    });
                    Ok::<_, tokio_postgres::Error>(client)
                }
                Some(tls) => {
                    let (client, conn) = config.connect(tls).await?;
                    tokio::spawn(async move {
                        let _ = conn.await;
                    });
                    Ok(client)
                }
            }
        };
        // the whole of connect, TLS and login, once per host tried
        let limit = connect_timeout.saturating_mul(info.hosts as u32);
        let client = match rt.block_on(async { tokio::time::timeout(limit, connect).await }) {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => return Err(scrub(classify(&e, &target, false))),
            Err(_) => {
                return Err(DbError::new(
                    DbErrorKind::Timeout,
                    Some(&target),
                    format!(
                        "no answer within {} (connect, TLS and login); the server accepted the connection but did not respond",
                        human(limit)
                    ),
                ));
            }
        };
        let mut s = Session {
            rt,
            client,
            target,
            password: info.password.clone(),
            round_trips: 0,
            in_transaction: false,
            statement_timeout: opts.statement_timeout,
            connect_timeout,
            broken: false,
        };
        let ms = opts
            .statement_timeout
            .as_millis()
            .clamp(1, MAX_STATEMENT_TIMEOUT_MS);
        let import = match snapshot {
            Some(id) => format!(
                "SET TRANSACTION SNAPSHOT {}; ",
                crate::catalog::quote_literal(id)
            ),
            None => String::new(),
        };
        s.batch(&format!(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {import}\
             SET LOCAL statement_timeout = {ms}; \
             SET LOCAL lock_timeout = {ms}; \
             SET LOCAL search_path = pg_catalog; \
             SET LOCAL row_security = off; \
             SET LOCAL work_mem = '64MB'; \
             SET LOCAL max_parallel_workers_per_gather = 0"
        ))?;
        s.in_transaction = true;
        Ok(s)
    }

    /// Where this session is connected.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Runs statements as one simple-protocol message; one result set per statement that
    /// returns rows (and an empty one for a statement that does not).
    ///
    /// The server bounds each statement by the statement timeout; the client bounds the whole
    /// batch too (each statement's timeout plus the connect timeout), for a server that stops
    /// answering altogether.
    pub fn batch(&mut self, sql: &str) -> Result<Vec<ResultSet>, DbError> {
        if self.broken {
            return Err(DbError::new(
                DbErrorKind::Timeout,
                Some(&self.target),
                "the session stopped answering",
            ));
        }
        self.round_trips += 1;
        let statements = sql.matches(';').count() as u32 + 1;
        let limit = self
            .statement_timeout
            .saturating_mul(statements)
            .saturating_add(self.connect_timeout);
        let client = &self.client;
        let answer = self
            .rt
            .block_on(async { tokio::time::timeout(limit, client.simple_query(sql)).await });
        let msgs = match answer {
            Ok(r) => {
                r.map_err(|e| classify(&e, &self.target, false).scrub(self.password.as_deref()))?
            }
            Err(_) => {
                self.broken = true;
                self.in_transaction = false;
                return Err(DbError::new(
                    DbErrorKind::Timeout,
                    Some(&self.target),
                    format!("the server did not answer within {}", human(limit)),
                ));
            }
        };
        let mut out = Vec::new();
        let mut current = ResultSet::empty();
        for m in msgs {
            match m {
                SimpleQueryMessage::RowDescription(cols) => {
                    current.columns = cols.iter().map(|c| c.name().to_string()).collect();
                }
                SimpleQueryMessage::Row(r) => {
                    if current.columns.is_empty() {
                        current.columns =
                            r.columns().iter().map(|c| c.name().to_string()).collect();
                    }
                    current.rows.push(r);
                }
                SimpleQueryMessage::CommandComplete(_) => {
                    out.push(std::mem::replace(&mut current, ResultSet::empty()));
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// Ends the transaction (nothing was written; this only releases the snapshot).
    pub fn close(mut self) -> Result<(), DbError> {
        if self.in_transaction && !self.broken {
            self.batch("ROLLBACK")?;
            self.in_transaction = false;
        }
        Ok(())
    }
}

/// `10 s`, `1.5 s`, `250 ms`.
fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}
