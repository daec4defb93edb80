//! The connection and the read-only session: URL reading, TLS, timeouts, and batches of
//! catalog queries sent as one simple-protocol message each (one round trip per batch).

use super::DbOptions;
use super::error::{DbError, DbErrorKind, Target, classify};
use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls, SimpleQueryMessage, SimpleQueryRow};
use std::str::FromStr;
use std::sync::Arc;

/// Whether a SOURCE argument names a database rather than a file.
pub fn is_database_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("postgres://") || l.starts_with("postgresql://")
}

/// How TLS is used, in libpq's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tls {
    Disable,
    /// `prefer` / `require`: encrypt, do not verify the certificate (as libpq does).
    Encrypt {
        required: bool,
    },
    /// `verify-ca` / `verify-full`: verify the chain against the web PKI roots and the name.
    Verify,
}

/// A parsed connection string, without the TLS options tokio-postgres does not know.
pub(crate) struct ConnInfo {
    pub config: Config,
    pub target: Target,
    tls: Tls,
    password: Option<String>,
}

/// Reads a `postgres://` URL or a `key=value` connection string.
pub(crate) fn parse(url: &str) -> Result<ConnInfo, DbError> {
    let url = url.trim();
    let mut tls = Tls::Encrypt { required: false };
    let mut rest = url.to_string();
    if is_database_url(url)
        && let Some((base, query)) = url.split_once('?')
    {
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "sslmode" => tls = ssl_mode(v)?,
                // certificate files are not read: verify-* uses the web PKI roots
                "sslrootcert" | "sslcert" | "sslkey" | "sslcrl" => {}
                _ => kept.push(pair),
            }
        }
        rest = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
    } else if !is_database_url(url) {
        // key=value form: pull sslmode out the same way
        let mut kept = Vec::new();
        for part in url.split_whitespace() {
            match part.split_once('=') {
                Some(("sslmode", v)) => tls = ssl_mode(v)?,
                Some(("sslrootcert" | "sslcert" | "sslkey" | "sslcrl", _)) => {}
                _ => kept.push(part),
            }
        }
        rest = kept.join(" ");
    }
    let mut config = Config::from_str(&rest).map_err(|e| {
        DbError::new(
            DbErrorKind::InvalidUrl,
            None,
            format!("{} ({})", e, redact(url)),
        )
    })?;
    let password = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).to_string());
    config.ssl_mode(match tls {
        Tls::Disable => SslMode::Disable,
        Tls::Encrypt { required: false } => SslMode::Prefer,
        _ => SslMode::Require,
    });
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => {
            config.host("localhost");
            "localhost".to_string()
        }
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = match config.get_user() {
        Some(u) => u.to_string(),
        None => {
            let u = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .unwrap_or_else(|_| "postgres".into());
            config.user(&u);
            u
        }
    };
    let dbname = config.get_dbname().unwrap_or(&user).to_string();
    Ok(ConnInfo {
        config,
        target: Target {
            host,
            port,
            user,
            dbname,
        },
        tls,
        password,
    })
}

fn ssl_mode(v: &str) -> Result<Tls, DbError> {
    Ok(match v {
        "disable" | "allow" => Tls::Disable,
        "prefer" => Tls::Encrypt { required: false },
        "require" => Tls::Encrypt { required: true },
        "verify-ca" | "verify-full" => Tls::Verify,
        other => {
            return Err(DbError::new(
                DbErrorKind::InvalidUrl,
                None,
                format!(
                    "sslmode `{other}` (expected disable, prefer, require, verify-ca, verify-full)"
                ),
            ));
        }
    })
}

/// The URL with its password replaced, for messages.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        // key=value: drop password=…
        return url
            .split_whitespace()
            .map(|p| {
                if p.starts_with("password=") {
                    "password=********"
                } else {
                    p
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let after = &url[scheme_end + 3..];
    let auth_end = after.find(['/', '?']).unwrap_or(after.len());
    let auth = &after[..auth_end];
    match auth.rfind('@') {
        Some(at) => {
            let userinfo = &auth[..at];
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') {
                format!("{user}:********")
            } else {
                user.to_string()
            };
            format!("{}{}{}", &url[..scheme_end + 3], masked, &after[at..])
        }
        None => url.to_string(),
    }
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
pub struct Session {
    client: Client,
    pub(crate) target: Target,
    password: Option<String>,
    /// Messages sent that waited for an answer (connection setup not counted).
    pub round_trips: usize,
    in_transaction: bool,
}

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
        info.config
            .application_name("schemadrift")
            .connect_timeout(opts.connect_timeout);
        let target = info.target.clone();
        let scrub = |e: DbError| e.scrub(info.password.as_deref());
        let client = match info.tls {
            Tls::Disable => info.config.connect(NoTls),
            Tls::Encrypt { .. } => info.config.connect(tls_connector(false, &target)?),
            Tls::Verify => info.config.connect(tls_connector(true, &target)?),
        }
        .map_err(|e| scrub(classify(&e, &target, false)))?;
        let mut s = Session {
            client,
            target,
            password: info.password.clone(),
            round_trips: 0,
            in_transaction: false,
        };
        let ms = opts.statement_timeout.as_millis().max(1);
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
    pub fn batch(&mut self, sql: &str) -> Result<Vec<ResultSet>, DbError> {
        self.round_trips += 1;
        let msgs = self
            .client
            .simple_query(sql)
            .map_err(|e| classify(&e, &self.target, false).scrub(self.password.as_deref()))?;
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
        if self.in_transaction {
            self.batch("ROLLBACK")?;
            self.in_transaction = false;
        }
        Ok(())
    }
}
