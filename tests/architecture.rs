//! The library's modules do not depend on each other in a circle: reads the
//! `src/` tree (not `src/bin/`), builds the graph of which module refers to
//! which through `crate::`, `super::` and `self::` paths, and fails listing
//! every cycle, both between modules (`compare::clauses`) and between the
//! top-level stages (`compare`, `index`, ...). The checker itself is tested
//! on small in-memory trees below.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

/// A module as its path from the crate root; the root itself is empty.
type Module = Vec<String>;

/// Which modules each module refers to, by display name.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// `a::b`, or `crate` for the root.
fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".to_string()
    } else {
        m.join("::")
    }
}

/// Every `.rs` file under `src`, outside `src/bin`, as its path relative to
/// `src` (with `/`) and its text, sorted by path. Unreadable entries are
/// skipped and invalid UTF-8 is replaced: a stray file must not stop the check.
fn read_tree(src: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(src) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            if rel == "bin" || rel.starts_with("bin/") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if rel.ends_with(".rs") {
                if let Ok(bytes) = std::fs::read(&path) {
                    files.push((rel, String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
    }
    files.sort();
    files
}

/// The module a file under `src` defines: `a/b.rs` and `a/b/mod.rs` are
/// `a::b`, `lib.rs` is the root. `None` for anything that is not a module
/// file of the library.
fn module_of(rel: &str) -> Option<Module> {
    let stem = rel.strip_suffix(".rs")?;
    let mut parts: Vec<String> = stem.split('/').map(String::from).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    // Binaries are crates of their own: their `crate::` is not the library.
    if parts == ["main"] || parts[0] == "bin" {
        return None;
    }
    if parts == ["lib"] {
        return Some(Vec::new());
    }
    if parts.last().map(String::as_str) == Some("mod") {
        parts.pop();
        // `src/mod.rs` is no module of the crate.
        if parts.is_empty() {
            return None;
        }
    }
    Some(parts)
}

/// `text` with comments, strings and character literals blanked out, so a
/// path in a doc link or a message is not taken for a dependency. Unclosed
/// literals run to the end of the text rather than failing.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
            out.push(' ');
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            // Block comments nest in Rust.
            let mut depth = 0usize;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == '"' {
            i = skip_string(&c, i + 1);
            out.push(' ');
        } else if c[i] == '\'' {
            // A character literal is `'x'` or `'\…'`; anything else is a
            // lifetime or a label, which is kept.
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push(' ');
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push(' ');
            } else {
                out.push('\'');
                i += 1;
            }
        } else if is_ident_start(c[i]) {
            let start = i;
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            // `r"…"`, `r#"…"#`, `br"…"`: raw strings, which have no escapes.
            if (word == "r" || word == "br") && matches!(c.get(i), Some('"') | Some('#')) {
                let mut hashes = 0;
                let mut j = i;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) == Some(&'"') {
                    i = skip_raw_string(&c, j + 1, hashes);
                    out.push(' ');
                    continue;
                }
            }
            out.push_str(&word);
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The index after the closing quote of a string whose body starts at `i`.
fn skip_string(c: &[char], mut i: usize) -> usize {
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    c.len()
}

/// The index after the `"` and `hashes` `#` that close a raw string.
fn skip_raw_string(c: &[char], mut i: usize, hashes: usize) -> usize {
    while i < c.len() {
        if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    c.len()
}

fn is_ident_start(ch: char) -> bool {
    ch.is_alphabetic() || ch == '_'
}

fn is_ident_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// The tokens of code: identifiers, `::`, and single punctuation characters.
fn tokens(code: &str) -> Vec<String> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_whitespace() {
            i += 1;
        } else if is_ident_char(c[i]) {
            let start = i;
            while i < c.len() && is_ident_char(c[i]) {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            out.push("::".to_string());
            i += 2;
        } else {
            out.push(c[i].to_string());
            i += 1;
        }
    }
    out
}

/// The paths of the use tree or path at `t[i..]` (`a::b`, `a::{b, c::d}`,
/// `a::*`), each as its segments, and the index after it. Generic arguments,
/// `as` renames and globs end a path: only its module prefix matters.
fn path_tree(t: &[String], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    while let Some(tok) = t.get(i) {
        if tok == "{" {
            let mut paths = Vec::new();
            i += 1;
            while let Some(tok) = t.get(i) {
                match tok.as_str() {
                    "}" => {
                        i += 1;
                        break;
                    }
                    "," => i += 1,
                    _ => {
                        let (inner, next) = path_tree(t, i);
                        // A token that starts no path (`*`, stray text) is
                        // stepped over so the loop always advances.
                        i = next.max(i + 1);
                        for p in inner {
                            // `self` in a group names the group's own prefix.
                            let p = p.into_iter().filter(|s| s != "self");
                            paths.push(prefix.iter().cloned().chain(p).collect());
                        }
                    }
                }
            }
            if paths.is_empty() {
                paths.push(prefix);
            }
            return (paths, i);
        }
        if !is_ident_start(tok.chars().next().unwrap_or(' ')) || tok == "as" {
            break;
        }
        prefix.push(tok.clone());
        i += 1;
        if t.get(i).map(String::as_str) == Some("::") {
            i += 1;
        } else {
            break;
        }
    }
    (vec![prefix], i)
}

/// Does `#[cfg(test)]` end just before token `i`?
fn cfg_test_before(t: &[String], i: usize) -> bool {
    let want = ["#", "[", "cfg", "(", "test", ")", "]"];
    i >= want.len() && t[i - want.len()..i].iter().zip(want).all(|(a, b)| a == b)
}

/// The absolute paths (from the crate root) that the code of file module
/// `module` names through `crate::`, `super::` and `self::`, with `super`
/// resolved against the inline modules (`mod tests { … }`) around it.
fn referenced_paths(module: &[String], text: &str) -> BTreeSet<Vec<String>> {
    let t = tokens(&code_only(text));
    let mut out = BTreeSet::new();
    // Inline modules open at each brace depth, innermost last.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < t.len() {
        let tok = t[i].as_str();
        match tok {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                while inline.last().is_some_and(|(_, d)| *d > depth) {
                    inline.pop();
                }
            }
            "mod" if t.get(i + 2).map(String::as_str) == Some("{") => {
                // Test modules see the file's items, not its architecture.
                let skip = cfg_test_before(&t, i)
                    || (i >= 1 && t[i - 1] == "pub" && cfg_test_before(&t, i - 1));
                if skip {
                    i = skip_block(&t, i + 2);
                    continue;
                }
                inline.push((t[i + 1].clone(), depth + 1));
            }
            "crate" | "super" | "self"
                if t.get(i + 1).map(String::as_str) == Some("::")
                    && (i == 0 || t[i - 1] != "::") =>
            {
                let (paths, next) = path_tree(&t, i);
                let here: Vec<String> = module
                    .iter()
                    .cloned()
                    .chain(inline.iter().map(|(n, _)| n.clone()))
                    .collect();
                for p in paths {
                    let mut abs = here.clone();
                    for (k, seg) in p.iter().enumerate() {
                        match seg.as_str() {
                            "crate" if k == 0 => abs.clear(),
                            "self" => {}
                            "super" => {
                                abs.pop();
                            }
                            _ => abs.push(seg.clone()),
                        }
                    }
                    out.insert(abs);
                }
                i = next.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The index after the block whose `{` is at `open` (the end if unclosed).
fn skip_block(t: &[String], open: usize) -> usize {
    let mut depth = 0usize;
    for (k, tok) in t.iter().enumerate().skip(open) {
        match tok.as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    t.len()
}

/// The module graph of `files` (path under `src`, text). A path maps to the
/// deepest module that has a file; a module's edges to its own children
/// (declarations and re-exports) and to its parent are left out.
fn module_graph(files: &[(String, String)]) -> Graph {
    let modules: BTreeSet<Module> = files.iter().filter_map(|(p, _)| module_of(p)).collect();
    let mut graph = Graph::new();
    for (path, text) in files {
        let Some(from) = module_of(path) else {
            continue;
        };
        let targets = graph.entry(name(&from)).or_default();
        for abs in referenced_paths(&from, text) {
            let Some(to) = (0..=abs.len())
                .rev()
                .map(|n| abs[..n].to_vec())
                .find(|m| modules.contains(m))
            else {
                continue;
            };
            let child = to.len() == from.len() + 1 && to.starts_with(&from);
            let parent = from.len() == to.len() + 1 && from.starts_with(&to);
            if to != from && !child && !parent {
                targets.insert(name(&to));
            }
        }
    }
    graph
}

/// The graph between top-level stages (`compare`, `index`, …): an edge for
/// every module edge that crosses from one stage to another. The root is no
/// stage.
fn stage_graph(modules: &Graph) -> Graph {
    let stage = |m: &str| m.split("::").next().unwrap_or(m).to_string();
    let mut graph = Graph::new();
    for (from, targets) in modules.iter().filter(|(m, _)| *m != "crate") {
        let edges = graph.entry(stage(from)).or_default();
        for to in targets.iter().filter(|m| *m != "crate") {
            if stage(to) != stage(from) {
                edges.insert(stage(to));
            }
        }
    }
    graph
}

/// The strongly connected components of `graph` with more than one node
/// (Tarjan's algorithm), each sorted, in sorted order.
fn components(graph: &Graph) -> Vec<Vec<String>> {
    struct Tarjan<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            let graph = self.graph;
            for w in graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    scc.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.found.push(scc);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.found.sort();
    t.found
}

/// Every cycle worth naming, as `a -> b -> a`: in each strongly connected
/// component, the shortest cycle through each member, started at its
/// smallest module so that one cycle is listed once. Sorted.
fn cycles(graph: &Graph) -> Vec<String> {
    let mut out = BTreeSet::new();
    for scc in components(graph) {
        let inside: BTreeSet<&str> = scc.iter().map(String::as_str).collect();
        for start in &scc {
            // Breadth-first within the component, neighbours in sorted order,
            // so the cycle found is the shortest and always the same one.
            let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
            let mut queue = VecDeque::from([start.as_str()]);
            let mut closing = None;
            while let Some(v) = queue.pop_front() {
                for w in graph.get(v).into_iter().flatten() {
                    let w = w.as_str();
                    if w == start {
                        closing = Some(v);
                        break;
                    }
                    if inside.contains(w) && !came_from.contains_key(w) {
                        came_from.insert(w, v);
                        queue.push_back(w);
                    }
                }
                if closing.is_some() {
                    break;
                }
            }
            let Some(mut v) = closing else {
                continue;
            };
            let mut cycle = vec![v];
            while v != start {
                v = came_from[v];
                cycle.push(v);
            }
            cycle.reverse();
            let smallest = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
            cycle.rotate_left(smallest);
            cycle.push(cycle[0]);
            out.insert(cycle.join(" -> "));
        }
    }
    out.into_iter().collect()
}

/// What is wrong with the tree `files`, as lines: each module cycle, then
/// each stage cycle. Empty when there are none.
fn problems(files: &[(String, String)]) -> Vec<String> {
    let modules = module_graph(files);
    let mut out: Vec<String> = cycles(&modules)
        .into_iter()
        .map(|c| format!("module cycle: {c}"))
        .collect();
    out.extend(
        cycles(&stage_graph(&modules))
            .into_iter()
            .map(|c| format!("stage cycle: {c}")),
    );
    out
}

#[test]

fn no_module_imports_one_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = read_tree(&src);
    assert!(
        files.iter().any(|(p, _)| p == "lib.rs"),
        "no src/lib.rs under {}",
        src.display()
    );
    let found = problems(&files);
    assert!(
        found.is_empty(),
        "{} cycles in src/:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// `(path, text)` pairs of an in-memory tree.
fn tree(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[test]
fn the_checker_finds_a_cycle_of_modules_and_of_stages() {
    let files = tree(&[
        (
            "lib.rs",
            "pub mod compare;\npub mod index;\npub use compare::Verdict;",
        ),
        (
            "compare/mod.rs",
            "pub mod clauses;\npub mod verdict;\npub use verdict::Verdict;",
        ),
        // Grouped and over several lines, and through the parent.
        (
            "compare/clauses.rs",
            "use super::{\n    verdict::{self, Verdict},\n    Features,\n};",
        ),
        (
            "compare/verdict.rs",
            "pub fn f() { crate::compare::clauses::aside(); }",
        ),
        ("index/mod.rs", "pub mod lsh;"),
        ("index/lsh.rs", "use crate::compare::Verdict;"),
        (
            "compare/features.rs",
            "fn f() -> crate::index::lsh::Key { todo!() }",
        ),
    ]);
    let graph = module_graph(&files);
    assert_eq!(
        graph["compare::clauses"],
        BTreeSet::from(["compare::verdict".to_string()])
    );
    assert_eq!(
        problems(&files),
        [
            "module cycle: compare::clauses -> compare::verdict -> compare::clauses",
            "stage cycle: compare -> index -> compare",
        ]
    );
}

#[test]
fn the_checker_passes_a_tree_without_cycles() {
    let files = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub use b::Y;"),
        // A parent's declarations and re-exports of its children are no edges.
        (
            "a/mod.rs",
            "pub mod x;\npub use self::x::X;\nuse crate::a::x::helper;",
        ),
        // Nor is a child's use of its parent, or of its parent's items.
        (
            "a/x.rs",
            "use super::*;\nuse crate::b::Y;\nfn f() { super::g(); }",
        ),
        ("b.rs", "pub struct Y;"),
        // A binary's `crate::` is its own crate, not the library's.
        (
            "bin/wirecheck/main.rs",
            "use crate::args::Args;\nuse wirecheck::a;",
        ),
    ]);
    assert_eq!(problems(&files), Vec::<String>::new());
    let graph = module_graph(&files);
    assert_eq!(graph["a::x"], BTreeSet::from(["b".to_string()]));
    assert!(graph["a"].is_empty() && graph["crate"].is_empty());
    assert!(!graph.keys().any(|m| m.starts_with("bin")));
}

#[test]
fn cycles_of_three_are_found_and_listed_once_in_order() {
    let files = tree(&[
        ("lib.rs", "mod c; mod a; mod b;"),
        ("a.rs", "use crate::b::B;"),
        ("b.rs", "use crate::c;"),
        ("c.rs", "fn f() { crate::a::g() }"),
    ]);
    let found = problems(&files);
    assert_eq!(
        found,
        [
            "module cycle: a -> b -> c -> a",
            "stage cycle: a -> b -> c -> a"
        ]
    );
    // The same tree read twice gives the same lines.
    assert_eq!(found, problems(&files));
}

#[test]
fn paths_in_comments_strings_and_test_modules_are_not_dependencies() {
    let files = tree(&[
        ("lib.rs", "pub mod a;\npub mod b;"),
        (
            "a.rs",
            r##"//! See [`crate::b`].
/* crate::b::X /* nested crate::b */ still a comment crate::b */
const S: &str = "crate::b::X";
const R: &str = r#"crate::b "quoted" crate::b"#;
const Q: char = '"';
fn f<'a>(x: &'a str) -> &'a str { x }
#[cfg(test)]
mod tests {
    use crate::b::Helper;
}
mod inner {
    use super::super::b::Real;
}"##,
        ),
        ("b.rs", "use crate::a::f;"),
    ]);
    // Only `inner`'s import is real: `super::super` from `a::inner` is `b`.
    let graph = module_graph(&files);
    assert_eq!(graph["a"], BTreeSet::from(["b".to_string()]));
    assert_eq!(
        problems(&files),
        ["module cycle: a -> b -> a", "stage cycle: a -> b -> a"]
    );
}

#[test]
fn odd_input_does_not_panic() {
    let files = tree(&[
        ("lib.rs", "use crate::{a, {b::, }, ::c"),
        ("a.rs", "\"unterminated string crate::b"),
        ("b.rs", "/* unterminated comment crate::a"),
        (
            "c.rs",
            "}}}} mod x { use super::super::super::super::nothing; crate::",
        ),
        ("d.rs", "r#\"raw crate::a ' '\\ br##\"x\"# use crate"),
        ("mod.rs", "use crate::a;"),
        ("notes.txt", "crate::a"),
        ("e/.rs", "use crate::a;"),
        (
            "f.rs",
            "é use crate::a::{self, *}; 'x' '\\u{1F600}' 'static",
        ),
    ]);
    let _ = problems(&files);
    assert_eq!(module_graph(&files)["f"], BTreeSet::from(["a".to_string()]));
    // A tree that is not there is an empty one.
    assert!(read_tree(Path::new("/nonexistent/src")).is_empty());
}
