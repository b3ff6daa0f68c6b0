/// `.beads/README.md`, written by `gastown init` (never over an existing one): what the folders are, which
/// files agents may write, and where the documentation is.
enum BeadsReadme {
    static let text = """
        # .beads/: the gastown workspace

        This folder is gastown's store: plain TOML and Markdown files that agents, reviewers and leads share,
        and that git merges. `gastown` finds it by walking up from the working directory, as git finds `.git`.
        Every file here can be written by anyone who can write the repository, so gastown treats a file as a
        claim and derives what counts; human decisions count only when signed with a reviewer's SSH key.

        ## What is here

        | path | what it holds | written by |
        |---|---|---|
        | `config.toml` | the signing policy (`signing = "required"`, or `"unsigned"` for solo use) | `gastown init` |
        | `formulas/` | this team's formulas (`NAME.toml`): steps, checkpoints, gates, day rules | people; `gastown formula install NAME` copies a built-in one |
        | `templates/` | report templates (Mustache Markdown) | people |
        | `convoys/C/convoy.toml` | a convoy: title, teams, status, current day, reviewers (a mirror) | `gastown convoy create`, `gastown convoy edit` |
        | `convoys/C/reviewers/` | who may decide, and the convoy's status and day changes: signed, hash-chained records | `gastown convoy create`, `gastown convoy edit` |
        | `convoys/C/molecules/M/molecule.toml` | one work item's claimed progress | agents, by hand or with `gastown molecule ...` |
        | `.../M/checkpoints/` | checkpoint decisions: signed, hash-chained, append-only | `gastown checkpoint approve`, `reject` |
        | `.../M/gates/` | gate evidence (test counts, anti-pattern scans) | `gastown gate check`, `gate resolve`, `gate confirm` |
        | `.../M/findings/` | compliance findings and their resolutions | `gastown finding add`, `finding resolve` |
        | `.../M/reports/` | rendered reports | `gastown report render` |
        | `mail/` | handoff documents between teams | `gastown mail send`, or a Markdown file dropped in |

        Formulas are looked up in `formulas/` at the repository root, then here, then `~/.beads/formulas/`,
        then among the formulas built into gastown (`gastown formula list` shows where each comes from).

        ## What agents may write

        - `molecule.toml`: their progress (`gastown molecule start`, `complete`, `record-tests` do it for them).
          A step claimed done without a signed approval of its checkpoint is shown as awaiting approval.
        - `findings/`, `gates/` evidence (through `gastown gate check`), `reports/` and `mail/`.
        - Never `checkpoints/` or `reviewers/`: those records are signed by people, and `gastown audit verify`
          reports any record that was edited, removed or written without a reviewer's signature.
        - Processes that set `GASTOWN_AGENT=1` are refused every human act (approve, change reviewers, status, day).

        Lock files (`.lock`) and temporaries (`.*.tmp-*`) are local to each clone (`.gitignore`). In git, the files
        gastown rewrites merge through `gastown merge-driver` (`.gitattributes`; run `gastown init` in every fresh
        clone to register it, `gastown doctor` to check, `gastown sync` to commit, pull, verify and push).

        ## Where the documentation is

        - `gastown --help` and `gastown help VERB`: every verb, option and exit code.
        - `gastown whoami`: who you are to gastown, the key you sign with, and where you may decide.
        - gastown's source repository: `README.md`, and in `docs/`: `store.md` (every file format here),
          `formulas.md`, `gates.md`, `mail.md`, `reports.md`, `dashboard.md`.

        """
}
