fn main() {
    eprintln!("schemadrift: command line arrives with the replay");
    std::process::exit(2);
}
