//! A function turned into a Celery task: the rewrite, the program run before and after with
//! Celery in eager mode (tasks run locally and synchronously, so the output must not change),
//! the hint the analysis then gives, and where the conversion must not be offered.

use expect_test::expect;

use super::conversions::{convert, titles_at};
use super::{fixture, python_output};
use crate::analysis::section::hinted;
use crate::analysis::{Language, SourceFile, analyze};
use crate::locale::Locale;

const WAITS: &str = "Make `total` a Celery task: calls become `.delay()`; where the result is used, `.get()` waits for the worker (needs a result backend)";
const SENDS: &str = "Make `total` a Celery task: its calls become `.delay()` and run on a worker";

const PROGRAM: &str = r#"
from celery import Celery

app = Celery("shop")
# Eager mode runs each task right here, synchronously: the program needs no broker.
app.conf.task_always_eager = True


def to$0tal(*prices):
    print("summing", prices)
    return sum(prices)


def checkout(cart):
    total(*cart)  # warm-up, result unused
    return f"due: {total(*cart) * 2}"


if __name__ == "__main__":
    print(checkout([1, 2, 3]))
    receipt = [total(4), total(5, 6)]
    print(receipt)
"#;

/// Whether `python3` can import celery. Missing, the run is skipped with a notice, except on CI
/// (`CI` set), where `.ci/run` installs it and its absence is an error.
fn celery_installed() -> bool {
    let probe = "import importlib.util\nprint(importlib.util.find_spec('celery') is not None)\n";
    // No python3 at all: `python_output` skips the runs itself.
    let Some(found) = python_output(probe) else { return false };
    let installed = found == "True\n";
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "celery is not installed for python3; .ci/run installs it with `python3 -m pip install celery==5.7.0`"
        );
        eprintln!(
            "skipped: celery is not installed for python3 (python3 -m pip install celery); the Celery program was not run"
        );
    }
    installed
}

#[test]
fn function_to_celery_task_prints_the_same_in_eager_mode() {
    let converted = convert(Language::Python, PROGRAM, WAITS);
    expect![[r#"
        from celery import Celery

        app = Celery("shop")
        # Eager mode runs each task right here, synchronously: the program needs no broker.
        app.conf.task_always_eager = True


        @app.task
        def total(*prices):
            print("summing", prices)
            return sum(prices)


        def checkout(cart):
            total.delay(*cart)  # warm-up, result unused
            return f"due: {total.delay(*cart).get() * 2}"


        if __name__ == "__main__":
            print(checkout([1, 2, 3]))
            receipt = [total.delay(4).get(), total.delay(5, 6).get()]
            print(receipt)
    "#]]
    .assert_eq(&converted);

    // Analysed again, the function is where Celery workers run it.
    let analysis = analyze(&SourceFile::parse(Language::Python, converted.as_str()));
    let line_of = |offset: usize| converted[..offset].matches('\n').count();
    let def_line = line_of(converted.find("def total").unwrap());
    let labels: Vec<String> = hinted(&analysis.sections, line_of)
        .iter()
        .filter(|section| line_of(section.anchor) == def_line)
        .map(|section| section.label(Locale::En))
        .collect();
    assert_eq!(labels, ["distributed · Celery workers"]);

    if !celery_installed() {
        return;
    }
    let original = fixture::parse(PROGRAM).text;
    let (Some(before), Some(after)) = (python_output(&original), python_output(&converted)) else { return };
    assert_eq!(before, after);
    assert_eq!(after, "summing (1, 2, 3)\nsumming (1, 2, 3)\ndue: 12\nsumming (4,)\nsumming (5, 6)\n[4, 11]\n");
}

#[test]
fn celery_task_titles_are_in_russian_too() {
    let titles = super::conversions::titles_in(Locale::Ru, Language::Python, PROGRAM);
    assert!(
        titles.iter().any(|t| t.starts_with("Сделать `total` задачей Celery") && t.contains("бэкенд результатов")),
        "{titles:?}"
    );
}

#[test]
fn celery_task_goes_above_other_decorators_and_reuses_the_module_path() {
    let source = "import functools\nimport celery\n\nworkers = celery.Celery(\"jobs\")\n\n\n@functools.lru_cache\ndef to$0tal(n):\n    return n\n\n\ndef main():\n    total(1)\n";
    expect![[r#"
        import functools
        import celery

        workers = celery.Celery("jobs")


        @workers.task
        @functools.lru_cache
        def total(n):
            return n


        def main():
            total.delay(1)
    "#]]
    .assert_eq(&convert(Language::Python, source, SENDS));
}

#[test]
fn celery_task_is_not_offered_where_a_use_cannot_follow() {
    const APP: &str = "from celery import Celery, shared_task\napp = Celery('shop')\n";
    for (body, why) in [
        ("def to$0tal(x):\n    return x\n", "sanity: offered with no call at all"),
        ("def to$0tal(x):\n    return x\n\nprint(total(1))\n", "a module-level call runs on every worker import"),
        ("def to$0tal(x):\n    return x\n\nresults = map(total, [1])\n", "passed as a value"),
        ("def to$0tal(x):\n    return total(x - 1) if x else 0\n", "calls itself"),
        ("def to$0tal(x):\n    return x\n\ndef use(total):\n    return total(1)\n", "shadowed by a parameter"),
        ("def to$0tal(x):\n    return x\n\ntotal = 3\n", "rebound"),
        ("def to$0tal(x):\n    yield x\n", "a generator's result cannot be serialized"),
        ("async def to$0tal(x):\n    return x\n", "a coroutine"),
        ("@app.task\ndef to$0tal(x):\n    return x\n", "already a task"),
        ("@shared_task\ndef to$0tal(x):\n    return x\n", "already a shared task"),
        ("@app.task(bind=True)\ndef to$0tal(self, x):\n    return x\n", "already a task, with options"),
        ("class Cart:\n    def to$0tal(self):\n        return 1\n", "a method"),
        ("def outer():\n    def to$0tal():\n        return 1\n    return total()\n", "a nested function"),
        (
            "def to$0tal(x):\n    return x\n\n@app.task\ndef report(x):\n    return total(x)\n",
            "`.get()` inside a task is refused by Celery",
        ),
    ] {
        let offered = titles_at(Language::Python, &format!("{APP}{body}")).iter().any(|t| t.contains("Celery task"));
        assert_eq!(offered, why.starts_with("sanity"), "{why}:\n{body}");
    }
    // Without a Celery app, or with the app created after the function, nothing is offered.
    for source in [
        "def to$0tal(x):\n    return x\n",
        "from celery import Celery\n\ndef to$0tal(x):\n    return x\n\napp = Celery('late')\n",
    ] {
        assert!(!titles_at(Language::Python, source).iter().any(|t| t.contains("Celery task")), "{source}");
    }
}
