//! Hover on realistic programs, rendered as the user reads it.

use expect_test::{Expect, expect};

use super::fixture;
use crate::analysis::hover::hover;
use crate::analysis::{Language, SourceFile, analyze};
use crate::locale::{Level, Locale};

fn hover_at(language: Language, source: &str, locale: Locale, level: Level) -> Option<(String, String)> {
    let fixture = fixture::parse(source);
    let cursor = fixture.cursor.expect("fixture needs a $0 cursor");
    let file = SourceFile::parse(language, fixture.text.as_str());
    let info = hover(&file, &analyze(&file), cursor, locale, level)?;
    Some((fixture.text[info.range].to_owned(), info.markdown))
}

/// The token under the cursor, the model and place from the hover's first line, and the name
/// of what is explained (the third line), as `token: **model** · place — name`.
fn check_head(language: Language, source: &str, expected: Expect) {
    let (token, markdown) = hover_at(language, source, Locale::En, Level::Beginner).expect("a hover");
    let mut lines = markdown.lines();
    let (model, summary) = lines.next().unwrap().split_once(" — ").expect("model — summary");
    assert!(!summary.trim().is_empty(), "the first line carries the summary");
    let name = lines.nth(1).unwrap();
    expected.assert_eq(&format!("{token}: {model} — {name}"));
}

#[test]
fn python_apis_resolve_through_imports() {
    check_head(
        Language::Python,
        "import asyncio as aio\nasync def main():\n    await aio.gat$0her(a(), b())\n",
        expect!["gather: **concurrent** · event loop — `asyncio.gather`"],
    );
    check_head(
        Language::Python,
        "from asyncio import create_task\nasync def main():\n    t = create_$0task(work())\n",
        expect!["create_task: **concurrent** · event loop — `asyncio.create_task`"],
    );
    check_head(
        Language::Python,
        "from concurrent.futures import ProcessPoolExecutor as PPE\nwith P$0PE() as pool:\n    pass\n",
        expect!["PPE: **parallel** · worker processes — `concurrent.futures.ProcessPoolExecutor`"],
    );
    check_head(
        Language::Python,
        "from concurrent.futures import Process$0PoolExecutor\n",
        expect!["ProcessPoolExecutor: **parallel** · worker processes — `concurrent.futures.ProcessPoolExecutor`"],
    );
    check_head(
        Language::Python,
        "import threading\nt = threading.Thr$0ead(target=work)\n",
        expect!["Thread: **parallel** · OS threads — `threading.Thread`"],
    );
    check_head(
        Language::Python,
        "as$0ync def main():\n    pass\n",
        expect!["async: **concurrent** · event loop — `async def`"],
    );
}

#[test]
fn rust_apis_resolve_through_uses_paths_and_methods() {
    check_head(
        Language::Rust,
        "#[tokio::main]\nasync fn main() {\n    let h = tokio::sp$0awn(async { 1 });\n}\n",
        expect!["spawn: **concurrent** · async runtime — `tokio::spawn`"],
    );
    check_head(
        Language::Rust,
        "use std::thread;\nfn main() {\n    thread::spa$0wn(|| {});\n}\n",
        expect!["spawn: **parallel** · OS threads — `std::thread::spawn`"],
    );
    check_head(
        Language::Rust,
        "use std::thread::{self, spawn as go};\nfn main() {\n    g$0o(|| {});\n}\n",
        expect!["go: **parallel** · OS threads — `std::thread::spawn`"],
    );
    check_head(
        Language::Rust,
        "use rayon::prelude::*;\nfn f(v: &[u8]) -> usize {\n    v.par_$0iter().count()\n}\n",
        expect!["par_iter: **parallel** · rayon thread pool — `.par_iter()`"],
    );
    check_head(
        Language::Rust,
        "async fn f() {\n    g().aw$0ait;\n}\n",
        expect!["await: **concurrent** · async runtime — `await`"],
    );
}

#[test]
fn hover_is_for_the_token_under_the_cursor_only() {
    let source = "import asyncio\nasync def main():\n    await asyncio.gather(a(), b())$0  \n";
    assert_eq!(hover_at(Language::Python, source, Locale::En, Level::Beginner), None);
    let on_module = "import asyncio\nasync def main():\n    await asyn$0cio.gather(a())\n";
    assert_eq!(hover_at(Language::Python, on_module, Locale::En, Level::Beginner), None);
    let unknown = "def f():\n    retu$0rn helper()\n";
    assert_eq!(hover_at(Language::Python, unknown, Locale::En, Level::Beginner), None);
}

#[test]
fn process_pool_hover_in_full_both_locales() {
    let source = r#"
        from concurrent.futures import ProcessPoolExecutor

        def crunch(n):
            return sum(i * i for i in range(n))

        if __name__ == "__main__":
            with ProcessPool$0Executor(max_workers=4) as pool:
                print(list(pool.map(crunch, [10_000] * 8)))
        "#;
    let (_, english) = hover_at(Language::Python, source, Locale::En, Level::Beginner).unwrap();
    assert!(english.contains("separate processes, each with its own memory, its own interpreter and its own GIL"));
    let (_, russian) = hover_at(Language::Python, source, Locale::Ru, Level::Beginner).unwrap();
    expect![[r#"
        **параллельно** · рабочие процессы — Пул рабочих процессов, параллельно выполняющих переданные функции.

        `concurrent.futures.ProcessPoolExecutor`

        Работа, переданная в `submit` или `map`, сериализуется (pickle) и отправляется в отдельные процессы, у каждого из которых своя память, свой интерпретатор и свой GIL, поэтому вычисления на чистом Python действительно занимают несколько ядер. По умолчанию размер пула равен числу доступных процессу CPU. Выход из блока `with` ждёт завершения всей работы.

        _Два повара у двух плит: работают действительно одновременно, но продукты приходится носить между кухнями._

        ```text
        A ██████████   ядро 1
        B ██████████   ядро 2: оба в один и тот же момент (два повара, две плиты)
        ```

        **Подводные камни**
        - Функции, аргументы и результаты должны сериализоваться через pickle; лямбды и локальные функции не подходят.
        - Рабочие процессы импортируют ваш главный модуль: создавайте пул под `if __name__ == "__main__":`, иначе на платформах со spawn процессы могут запускаться рекурсивно.
        - Передача больших данных в процессы стоит времени: они копируются, а не разделяются.

        **Вместо этого:** Для задач, ограниченных вводом-выводом, дешевле `ThreadPoolExecutor` или asyncio; процессы окупаются на вычислениях на чистом Python.

        [Документация](https://docs.python.org/3/library/concurrent.futures.html#processpoolexecutor)
    "#]]
    .assert_eq(&russian);
}

#[test]
fn hover_on_a_pitfall_explains_the_rule() {
    let source = "import time\nasync def main():\n    time.sl$0eep(1)\n";
    let (token, markdown) = hover_at(Language::Python, source, Locale::En, Level::Expert).unwrap();
    assert_eq!(token, "sleep");
    assert!(markdown.starts_with("**sequential** · current thread — Blocks the calling thread"), "{markdown}");
    assert!(markdown.contains("\n`time.sleep`\n"), "{markdown}");
    assert!(markdown.contains("**CTP101** `time.sleep` blocks the event loop"), "{markdown}");
    assert!(markdown.contains("A quick fix is available."), "{markdown}");
}

#[test]
fn concepts_in_comments_docstrings_and_strings() {
    let python = "def f():\n    \"\"\"Runs on the Event$0 Loop.\"\"\"\n";
    let (token, markdown) = hover_at(Language::Python, python, Locale::En, Level::Beginner).unwrap();
    assert_eq!(token, "Event Loop");
    assert!(markdown.starts_with("**Event loop:"), "{markdown}");
    let russian = "# Это не параллели$0зм: только GIL\nx = 1\n";
    let (token, markdown) = hover_at(Language::Python, russian, Locale::Ru, Level::Beginner).unwrap();
    assert_eq!(token, "параллелизм");
    assert!(markdown.starts_with("**Параллелизм:"), "{markdown}");
    let rust = "// One thread per core 😀 and the G$0IL is absent\nfn main() {}\n";
    let (token, _) = hover_at(Language::Rust, rust, Locale::En, Level::Expert).unwrap();
    assert_eq!(token, "GIL");
    let string = "fn f() {\n    let s = \"a corou$0tine\";\n}\n";
    assert_eq!(
        hover_at(Language::Rust, string, Locale::En, Level::Expert).map(|(t, _)| t).as_deref(),
        Some("coroutine")
    );
    assert_eq!(hover_at(Language::Python, "# an ordinary com$0ment\n", Locale::En, Level::Expert), None);
}

/// A name bound in a class body is an attribute of the class: inside the body it has its
/// type, while the module's bare name of the same spelling is another variable.
#[test]
fn class_body_bindings_stay_in_their_class() {
    let class = "from concurrent.futures import ProcessPoolExecutor\n\nclass Jobs:\n    pool = ProcessPoolExecutor()\n";
    check_head(
        Language::Python,
        &format!("{class}    first = pool.sub$0mit(abs, -1)\n"),
        expect!["submit: **parallel** · worker processes — `concurrent.futures.ProcessPoolExecutor.submit`"],
    );
    let outside = format!("{class}\nfirst = pool.sub$0mit(abs, -1)\n");
    assert_eq!(hover_at(Language::Python, &outside, Locale::En, Level::Beginner), None);
}
