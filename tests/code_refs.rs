//! Each kind of reference, and each kind of non-reference, in the project's own fixtures.

use schemadrift::code::scan::{ScanOptions, scan_one};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/code/refs")
        .join(name)
}

/// `line:col kind object usage` for each reference of a fixture file.
fn refs(name: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/code/refs");
    let scan = scan_one(
        &fixture(name),
        &ScanOptions {
            root: Some(dir),
            ..ScanOptions::default()
        },
    );
    assert!(scan.errors.is_empty(), "{:?}", scan.errors);
    let mut v: Vec<String> = scan
        .refs
        .iter()
        .map(|r| {
            let via = if r.via.is_empty() {
                String::new()
            } else {
                format!(" via {}", r.via.join("/"))
            };
            let obj = if r.usage == schemadrift::code::Usage::Prisma {
                match &r.column {
                    Some(c) => format!("{}.{c}", r.table),
                    None => r.table.clone(),
                }
            } else {
                r.object_name()
            };
            format!(
                "{}:{} {} {}{} {}",
                r.location.line.unwrap_or(0),
                r.location.column.unwrap_or(0),
                r.kind.as_str(),
                obj,
                via,
                r.usage.as_str()
            )
        })
        .collect();
    v.sort_by_key(|s| {
        let (l, rest) = s.split_once(':').unwrap();
        let c: u32 = rest.split(' ').next().unwrap().parse().unwrap();
        (l.parse::<u32>().unwrap(), c)
    });
    v
}

#[test]
fn chains_ts() {
    assert_eq!(
        refs("chains.ts"),
        vec![
            "6:24 table public.invoices select",
            "6:43 column public.invoices.id select",
            "6:47 column public.invoices.total select",
            "7:42 table billing.ledgers select",
            "7:60 column billing.ledgers.amount select",
            "7:73 column billing.ledgers.currency filter",
            "8:33 table public.audit_trail delete",
            "8:60 column public.audit_trail.logged_at filter",
            "9:19 table public.coupons select",
            "10:38 table public.regions select",
            "10:56 column public.regions.code select",
            "11:34 table public.shipments select",
            "11:54 column public.shipments.id select",
            "12:32 column public.shipments.carrier filter",
            "12:56 column public.shipments.eta order",
            "18:20 table public.stores select",
            "18:37 column public.stores.id select",
            "18:41 column public.stores.city select",
            "18:52 column public.stores.id filter",
            "19:36 table public.stock select",
            "19:52 column public.stock.qty select",
            "19:62 column public.stock.store_id filter",
            "21:26 table public.carts select",
            "21:43 column public.carts.total select",
        ]
    );
}

#[test]
fn select_ts() {
    assert_eq!(
        refs("select.ts"),
        vec![
            "2:25 table public.orders select",
            "3:5 column public.orders.id select",
            "4:9 column public.orders.external_ref select",
            "5:11 table public.customers via orders embed",
            "5:27 column public.customers.id via orders select",
            "5:31 column public.customers.email via orders select",
            "6:11 table public.order_lines via orders embed",
            "6:49 column public.order_lines.sku via orders select",
            "6:54 column public.order_lines.qty via orders select",
            "6:67 table public.products via orders/order_lines embed",
            "6:76 column public.products.title via orders/order_lines select",
            "7:8 table public.warehouses via orders embed",
            "7:19 column public.warehouses.city via orders select",
            "8:5 column public.orders.meta select",
            "9:5 column public.orders.placed_at select",
            "11:5 column public.orders.total select",
            "12:6 column public.orders.Legacy Code select",
        ]
    );
}

#[test]
fn filters_ts() {
    assert_eq!(
        refs("filters.ts"),
        vec![
            "3:12 table public.tickets select",
            "4:14 column public.tickets.id select",
            "5:11 column public.tickets.state filter",
            "6:11 column public.tickets.priority filter",
            "7:13 column public.tickets.subject filter",
            "8:10 column public.tickets.queue_id filter",
            "9:16 column public.tickets.tags filter",
            "10:14 column public.tickets.tenant_key filter",
            "10:32 column public.tickets.archived filter",
            "11:11 column public.tickets.assignee_id filter",
            "12:14 column public.tickets.sla filter",
            "13:10 column public.tickets.opened_by filter",
            "13:29 column public.tickets.escalated filter",
            "13:47 column public.tickets.region filter",
            "14:10 column public.comments.title via tickets filter",
            "15:19 column public.comments.author_id via tickets filter",
            "16:13 column public.tickets.created_on order",
            "17:13 column public.comments.posted_at via tickets order",
            // PostgREST's order by a to-one embedded resource's column: relation(column)
            "18:20 column public.agents.display_name via tickets order",
            "19:18 column public.tickets.body_tsv filter",
        ]
    );
}

#[test]
fn writes_ts() {
    assert_eq!(
        refs("writes.ts"),
        vec![
            "2:24 table public.devices insert",
            "2:43 column public.devices.serial_no insert",
            "2:60 column public.devices.owner ref insert",
            "3:24 table public.devices insert",
            "3:44 column public.devices.serial_no insert",
            "3:64 column public.devices.serial_no insert",
            "3:80 column public.devices.firmware insert",
            "4:24 table public.devices upsert",
            "4:43 column public.devices.serial_no upsert",
            "4:59 column public.devices.firmware upsert",
            "4:91 column public.devices.serial_no upsert",
            "4:102 column public.devices.vendor_id upsert",
            "5:24 table public.devices update",
            "5:43 column public.devices.retired update",
            "5:64 column public.devices.serial_no filter",
            "6:24 table public.devices insert",
            "6:55 column public.devices.id select",
            "6:59 column public.devices.serial_no select",
        ]
    );
}

#[test]
fn rpc_ts() {
    assert_eq!(
        refs("rpc.ts"),
        vec![
            "2:23 function public.recalc_totals rpc",
            "2:41 function-arg public.recalc_totals(p_order) rpc",
            "2:53 function-arg public.recalc_totals(p_force) rpc",
            "3:37 function ops.rotate_keys rpc",
            "4:40 function public.search_docs rpc",
            "4:56 function-arg public.search_docs(q) rpc",
        ]
    );
}

#[test]
fn prisma_ts() {
    assert_eq!(
        refs("prisma.ts"),
        vec![
            "5:16 table invoice prisma",
            "5:44 column invoice.customerId prisma",
            "5:67 column invoice.status prisma",
            "5:87 column invoice.dueAt prisma",
            "5:116 column invoice.dueAt prisma",
            "6:16 table invoice prisma",
            "6:41 column invoice.number prisma",
            "6:56 column invoice.customerId prisma",
            "7:12 table payment prisma",
            "7:42 column payment.amount prisma",
            "8:51 table refund prisma",
            "8:80 column refund.paymentId prisma",
            "9:35 column public.payments.amount raw-sql",
            "9:47 table public.payments raw-sql",
            "9:66 column public.payments.invoice_ref raw-sql",
            "10:35 table public.invoices raw-sql",
            "10:48 column public.invoices.paid_at raw-sql",
            "10:70 column public.invoices.id raw-sql",
        ]
    );
}

#[test]
fn raw_ts() {
    assert_eq!(
        refs("raw.ts"),
        vec![
            "8:30 column public.subscriptions.plan raw-sql",
            "8:38 column public.subscriptions.renews_on raw-sql",
            "8:53 table public.subscriptions raw-sql",
            "8:77 column public.subscriptions.account_id raw-sql",
            "10:36 table public.logins raw-sql",
            "13:20 column public.avatars.nickname raw-sql",
            "13:34 table public.avatars raw-sql",
            "13:48 column public.avatars.owner raw-sql",
            "14:33 table reports.daily_stats raw-sql",
            "14:54 column reports.daily_stats.day raw-sql",
            "14:59 column reports.daily_stats.visits raw-sql",
        ]
    );
}

#[test]
fn widget_vue() {
    assert_eq!(
        refs("Widget.vue"),
        vec![
            "7:39 table public.widgets select",
            "7:57 column public.widgets.id select",
            "7:61 column public.widgets.colour select",
        ]
    );
}

#[test]
fn service_py() {
    assert_eq!(
        refs("service.py"),
        vec![
            "8:28 table public.bookings select",
            "8:47 column public.bookings.id select",
            "8:51 column public.bookings.starts_at select",
            "8:67 column public.bookings.guest_id filter",
            "9:21 table public.rooms insert",
            "9:38 column public.rooms.number insert",
            "9:52 column public.rooms.floor insert",
            "10:21 table public.bookings upsert",
            "10:41 column public.bookings.id upsert",
            "10:63 column public.bookings.external_id upsert",
            "11:19 function public.free_rooms rpc",
            "11:34 function-arg public.free_rooms(p_day) rpc",
            "15:31 column public.rates.price raw-sql",
            "15:42 table public.rates raw-sql",
            "15:58 column public.rates.room_no raw-sql",
            "16:30 table public.rooms raw-sql",
            "16:40 column public.rooms.cleaned raw-sql",
            "16:61 column public.rooms.number raw-sql",
            "18:20 column public.checkins.guest_name raw-sql",
            "18:36 table public.checkins raw-sql",
            "18:51 column public.checkins.night raw-sql",
            "24:32 column public.vehicles.plate raw-sql",
            "24:43 table public.vehicles raw-sql",
            "24:62 column public.vehicles.active raw-sql",
            "25:39 table public.sessions_log raw-sql",
            "25:58 column public.sessions_log.expires_at raw-sql",
            "26:21 table public.bookings select",
            "26:40 column public.bookings.id select",
            "26:52 column public.bookings.starts_at order",
        ]
    );
}

#[test]
fn non_references_are_ignored() {
    // Array.from, Buffer.from, storage.from, a .from( off any client chain, comments,
    // strings, a dynamic table name, a GraphQL client's query.
    assert_eq!(refs("not_refs.ts"), Vec::<String>::new());
}

#[test]
fn other_databases_are_skipped() {
    assert_eq!(refs("other_db.ts"), Vec::<String>::new());
    assert_eq!(refs("other_db.py"), Vec::<String>::new());
}

#[test]
fn syntax_errors_are_reported_not_fatal() {
    let scan = scan_one(&fixture("broken.ts"), &ScanOptions::default());
    assert_eq!(scan.errors.len(), 1, "{:?}", scan.errors);
    assert!(scan.errors[0].contains("could not read"));
}

#[test]
fn bad_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("bin.ts"), b"\x00\x01supabase.from('x')\x00\xff").unwrap();
    std::fs::write(
        p.join("latin1.ts"),
        b"// caf\xe9\nawait supabase.from('menus').select('id')\n",
    )
    .unwrap();
    let mut deep = String::from("supabase.from('t').select('a')");
    for _ in 0..3000 {
        deep = format!("f({deep})");
    }
    std::fs::write(p.join("deep.js"), &deep).unwrap();
    std::fs::write(
        p.join("weird.ts"),
        "supabase.from('t').select('a(b(c(,,,::->>!!').or('(((,.').eq('')",
    )
    .unwrap();
    std::fs::write(p.join("empty.py"), "supabase.table('t').select(\"\"\"\n").unwrap();
    std::fs::create_dir(p.join("node_modules")).unwrap();
    std::fs::write(
        p.join("node_modules/dep.js"),
        "supabase.from('dep').select('x')",
    )
    .unwrap();
    std::fs::write(p.join(".gitignore"), "ignored.ts\n").unwrap();
    std::fs::write(p.join("ignored.ts"), "supabase.from('ign').select('x')").unwrap();
    let scan = schemadrift::code::scan(&[p.to_path_buf()], &ScanOptions::default());
    let tables: Vec<&str> = scan
        .refs
        .iter()
        .filter(|r| r.kind == schemadrift::code::RefKind::Table)
        .map(|r| r.table.as_str())
        .collect();
    assert!(tables.contains(&"menus"), "{tables:?}");
    assert!(
        !tables.contains(&"dep") && !tables.contains(&"ign"),
        "{tables:?}"
    );
    assert!(!tables.contains(&"x"), "binary file parsed: {tables:?}");
    assert!(
        scan.errors.iter().any(|e| e.contains("UTF-8")),
        "{:?}",
        scan.errors
    );
}

#[test]
fn truncated_and_mangled_sources_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/code/refs");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let _ = schemadrift::code::scan::scan_text(&name, &text[..cut]);
                // Unbalanced quotes and brackets spliced into the middle.
                let mangled = format!("{}'\"`({{é{}", &text[..cut], &text[cut..]);
                let _ = schemadrift::code::scan::scan_text(&name, &mangled);
            }
            cut += 13;
        }
    }
}

#[test]
fn huge_files_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let line = "await supabase.from('big').select('id');\n";
    let body = line.repeat((schemadrift::code::scan::MAX_FILE_BYTES as usize / line.len()) + 10);
    std::fs::write(dir.path().join("huge.ts"), body).unwrap();
    let scan = schemadrift::code::scan(&[dir.path().to_path_buf()], &ScanOptions::default());
    assert!(scan.refs.is_empty());
    assert!(
        scan.errors.iter().any(|e| e.contains("larger than")),
        "{:?}",
        scan.errors
    );
}

#[test]
fn default_code_dirs_finds_the_usual_folders() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for d in [
        "src/lib",
        "app",
        "packages/api/src",
        "packages/docs",
        "supabase/functions/hook",
        "apps/web",
        "node_modules/x",
    ] {
        std::fs::create_dir_all(p.join(d)).unwrap();
    }
    let dirs: Vec<String> = schemadrift::code::default_code_dirs(p)
        .iter()
        .map(|d| {
            d.strip_prefix(p)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        dirs,
        vec![
            "app",
            "apps/web",
            "packages/api/src",
            "src",
            "supabase/functions"
        ]
    );
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        schemadrift::code::default_code_dirs(empty.path()),
        vec![empty.path().to_path_buf()]
    );
}
