import Screen

/// Where a key binding applies: the views, plus the modal contexts (filter line, confirmation,
/// reject form) that take over the keyboard.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case convoys, convoy, molecule, approvals, mail, reader, help, board, boardCell, history
    case filter, search, confirm, rejectReason, rejectStep, rejectDiscard

    var title: String {
        switch self {
        case .convoys: return "Convoys"
        case .convoy: return "Convoy"
        case .molecule: return "Molecule"
        case .approvals: return "Approvals"
        case .mail: return "Mail"
        case .reader: return "Reader"
        case .help: return "Help"
        case .board: return "Board"
        case .boardCell: return "Board cell"
        case .history: return "History"
        case .filter: return "Filter"
        case .search: return "Search"
        case .confirm: return "Confirm"
        case .rejectReason: return "Reject reason"
        case .rejectStep: return "Reject return step"
        case .rejectDiscard: return "Discard the reason"
        }
    }
}

/// Everything a key can do.
public enum Action: Sendable, Hashable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case open, back, nextView, previousView
    case startFilter, cycleSort, approve, reject, reload, help, quit
    case scrollLeft, scrollRight, viewReport, nextLink, previousLink
    case jumpBack, jumpForward, board, history, startSearch, nextMatch, previousMatch
    case cellLeft, cellRight, copyID, openInPager, editMolecule, suspendToShell, toggleMine
    // Modal actions.
    case confirm, cancel, submit, switchField
    case cursorLeft, cursorRight, cursorHome, cursorEnd
    case deleteBackward, deleteForward, deleteLine, deleteWord
    case pickPrevious, pickNext
}

/// One row of the key table: the single source for key handling, footer hints and the help screen.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    /// Short label for the footer ("move"); nil keeps the binding out of the footer.
    public var hint: String?
    /// One line for the help screen.
    public var help: String
    public var contexts: Set<KeyContext>
    /// How the footer writes the keys when not just the first key ("j/k").
    public var hintKeys: String? = nil

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

public enum KeyTable {
    static let lists: Set<KeyContext> = [.convoys, .convoy, .approvals, .mail, .boardCell, .history]
    static let views: Set<KeyContext> = [
        .convoys, .convoy, .molecule, .approvals, .mail, .reader, .board, .boardCell, .history,
    ]
    static let browsing: Set<KeyContext> = views.union([.help])
    /// Views long enough to search in (`/`, `n`, `N`).
    static let longViews: Set<KeyContext> = [.molecule, .reader, .help]
    static let deciding: Set<KeyContext> = [.convoy, .molecule, .approvals]
    static let textFields: Set<KeyContext> = [.filter, .search, .rejectReason]
    /// Views with a selected id `y` copies.
    static let withIDs: Set<KeyContext> = [.convoys, .convoy, .molecule, .approvals, .boardCell, .history, .mail]

    public static let bindings: [KeyBinding] = [
        KeyBinding(
            keys: [.character("j"), .down], action: .moveDown, hint: "move", help: "move down", contexts: browsing,
            hintKeys: "j/k"),
        KeyBinding(keys: [.character("k"), .up], action: .moveUp, hint: nil, help: "move up", contexts: browsing),
        KeyBinding(
            keys: [.pageDown, .control("f")], action: .pageDown, hint: nil, help: "page down", contexts: browsing),
        KeyBinding(keys: [.pageUp, .control("b")], action: .pageUp, hint: nil, help: "page up", contexts: browsing),
        KeyBinding(
            keys: [.character("g"), .home], action: .top, hint: nil, help: "go to the first row", contexts: browsing),
        KeyBinding(
            keys: [.character("G"), .end], action: .bottom, hint: nil, help: "go to the last row", contexts: browsing),
        KeyBinding(
            keys: [.enter], action: .open, hint: "open", help: "open the selected row (a Board cell: its molecules)",
            contexts: lists.union([.board])),
        KeyBinding(
            keys: [.enter], action: .open, hint: "open",
            help: "open what › marks: a finding, the failing tests, a mail, a report", contexts: [.molecule]),
        KeyBinding(
            keys: [.character("h"), .left], action: .scrollLeft, hint: "scroll", help: "scroll left",
            contexts: [.reader], hintKeys: "h/l"),
        KeyBinding(
            keys: [.character("l"), .right], action: .scrollRight, hint: nil,
            help: "scroll right (long lines are cut, never wrapped)",
            contexts: [.reader]),
        KeyBinding(
            keys: [.character("h"), .left], action: .cellLeft, hint: "column", help: "the cell to the left",
            contexts: [.board], hintKeys: "h/l"),
        KeyBinding(
            keys: [.character("l"), .right], action: .cellRight, hint: nil, help: "the cell to the right",
            contexts: [.board]),
        KeyBinding(
            keys: [.character("v")], action: .viewReport, hint: nil,
            help: "read the molecule's latest report (the decision shows it for compliance checkpoints)",
            contexts: [.molecule, .confirm, .rejectStep]),
        KeyBinding(
            keys: [.escape], action: .back, hint: "back", help: "up to the view this one was opened from",
            contexts: [.convoy, .molecule, .reader, .help, .boardCell]),
        KeyBinding(keys: [.character("?")], action: .help, hint: "help", help: "show this help", contexts: views),
        KeyBinding(
            keys: [.character("q")], action: .quit, hint: "quit", help: "quit (Ctrl-C also quits)",
            contexts: browsing),
        KeyBinding(
            keys: [.tab], action: .nextView, hint: "views",
            help: "switch views: Convoys, Approvals, Board, History, Mail (each keeps its place)", contexts: views),
        KeyBinding(
            keys: [.backTab], action: .previousView, hint: nil, help: "switch views the other way", contexts: views),
        KeyBinding(
            keys: [.control("o"), .character("[")], action: .jumpBack, hint: nil,
            help: "back to the place visited before (Ctrl-I is Tab, so ] goes forward)", contexts: browsing),
        KeyBinding(
            keys: [.character("]")], action: .jumpForward, hint: nil, help: "forward again to the next place visited",
            contexts: browsing),
        KeyBinding(
            keys: [.character("b")], action: .board, hint: nil,
            help: "Board: teams × phases of this convoy (of every convoy from the other views)", contexts: views),
        KeyBinding(
            keys: [.character("H")], action: .history, hint: nil,
            help: "History: the decisions of this molecule or convoy (of every one from the other views)",
            contexts: views),
        KeyBinding(
            keys: [.character("/")], action: .startFilter, hint: "filter",
            help: "filter the rows by text (History: reviewer, checkpoint or any text)", contexts: lists),
        KeyBinding(
            keys: [.character("/")], action: .startSearch, hint: "search", help: "search the text", contexts: longViews),
        KeyBinding(
            keys: [.character("n")], action: .nextMatch, hint: nil, help: "the next match of the search",
            contexts: longViews),
        KeyBinding(
            keys: [.character("N")], action: .previousMatch, hint: nil, help: "the previous match of the search",
            contexts: longViews),
        KeyBinding(
            keys: [.character("s")], action: .cycleSort, hint: "sort",
            help: "sort by name, progress, state, activity", contexts: [.convoy]),
        KeyBinding(
            keys: [.character("a")], action: .approve, hint: "approve",
            help: "approve the awaiting checkpoint", contexts: deciding),
        KeyBinding(
            keys: [.character("r")], action: .reject, hint: "reject",
            help: "reject it: a reason, a step to return to", contexts: deciding),
        KeyBinding(
            keys: [.character("}")], action: .nextLink, hint: "link",
            help: "mark the next finding, test list, mail or report (Enter opens it)", contexts: [.molecule],
            hintKeys: "{/}"),
        KeyBinding(
            keys: [.character("{")], action: .previousLink, hint: nil, help: "mark the previous one",
            contexts: [.molecule]),
        KeyBinding(
            keys: [.character("m")], action: .toggleMine, hint: "mine",
            help: "only the checkpoints you may decide, or all of them", contexts: [.approvals]),
        KeyBinding(
            keys: [.character("o")], action: .openInPager, hint: nil,
            help: "open the document (in Molecule: what › marks) in $PAGER (default less -R)",
            contexts: [.molecule, .reader]),
        KeyBinding(
            keys: [.character("e")], action: .editMolecule, hint: nil,
            help: "edit a copy of the molecule's file in $EDITOR (written back if it is unchanged meanwhile and valid)",
            contexts: [.convoy, .molecule]),
        KeyBinding(
            keys: [.character("y")], action: .copyID, hint: nil,
            help: "copy the selected id (OSC 52: the terminal's clipboard, tmux's buffer)", contexts: withIDs),
        KeyBinding(
            keys: [.control("z")], action: .suspendToShell, hint: nil, help: "suspend to the shell (fg comes back)",
            contexts: browsing),
        KeyBinding(
            keys: [.character("R"), .control("r")], action: .reload, hint: "reload",
            help: "reload the workspace from disk", contexts: browsing),
        // Confirmation.
        KeyBinding(
            keys: [.character("y"), .enter], action: .confirm, hint: "yes", help: "confirm the approval",
            contexts: [.confirm]),
        KeyBinding(
            keys: [.character("n"), .escape], action: .cancel, hint: "no", help: "cancel",
            contexts: [.confirm]),
        // Text fields and the reject form.
        KeyBinding(keys: [.enter], action: .submit, hint: "apply", help: "keep the filter", contexts: [.filter]),
        KeyBinding(
            keys: [.enter], action: .submit, hint: "find", help: "keep the search (n/N: next/previous match)",
            contexts: [.search]),
        KeyBinding(
            keys: [.escape], action: .cancel, hint: "cancel", help: "clear the search", contexts: [.search]),
        KeyBinding(
            keys: [.enter], action: .submit, hint: "send", help: "send the rejection (a reason is required)",
            contexts: [.rejectReason, .rejectStep]),
        KeyBinding(
            keys: [.escape], action: .cancel, hint: "cancel",
            help: "cancel (a filter is cleared; a typed reason asks first)",
            contexts: [.filter, .rejectReason, .rejectStep]),
        KeyBinding(
            keys: [.tab], action: .switchField, hint: "next field",
            help: "switch between the reason and the return step", contexts: [.rejectReason, .rejectStep]),
        KeyBinding(
            keys: [.left, .control("b")], action: .cursorLeft, hint: nil, help: "cursor left", contexts: textFields),
        KeyBinding(
            keys: [.right, .control("f")], action: .cursorRight, hint: nil, help: "cursor right", contexts: textFields),
        KeyBinding(
            keys: [.home, .control("a")], action: .cursorHome, hint: nil, help: "cursor to the start",
            contexts: textFields),
        KeyBinding(
            keys: [.end, .control("e")], action: .cursorEnd, hint: nil, help: "cursor to the end", contexts: textFields),
        KeyBinding(
            keys: [.backspace, .control("h")], action: .deleteBackward, hint: nil, help: "delete before the cursor",
            contexts: textFields),
        KeyBinding(
            keys: [.delete, .control("d")], action: .deleteForward, hint: nil, help: "delete under the cursor",
            contexts: textFields),
        KeyBinding(
            keys: [.control("u")], action: .deleteLine, hint: nil, help: "delete to the start", contexts: textFields),
        KeyBinding(
            keys: [.control("w")], action: .deleteWord, hint: nil, help: "delete the word before the cursor",
            contexts: textFields),
        KeyBinding(
            keys: [.up, .left, .character("k")], action: .pickPrevious, hint: "pick",
            help: "previous step to return to", contexts: [.rejectStep]),
        KeyBinding(
            keys: [.down, .right, .character("j")], action: .pickNext, hint: nil,
            help: "next step to return to", contexts: [.rejectStep]),
        KeyBinding(
            keys: [.character("y")], action: .confirm, hint: "discard", help: "discard the typed reason",
            contexts: [.rejectDiscard]),
        KeyBinding(
            keys: [.character("n"), .escape], action: .cancel, hint: "keep", help: "keep the reason and the form",
            contexts: [.rejectDiscard]),
    ]

    /// The action a key triggers in a context, if any.
    public static func action(for key: Key, in context: KeyContext) -> Action? {
        index[ContextKey(context: context, key: key)]
    }

    /// The bindings that apply in a context, in table order.
    public static func bindings(in context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.contexts.contains(context) }
    }

    /// Footer text: "Enter open  Esc back  …" for the bindings with a hint.
    public static func hints(in context: KeyContext) -> [(keys: String, hint: String)] {
        bindings(in: context).compactMap { binding in
            binding.hint.map { (binding.hintKeys ?? binding.keys[0].label, $0) }
        }
    }

    private struct ContextKey: Hashable {
        var context: KeyContext
        var key: Key
    }

    private static let index: [ContextKey: Action] = {
        var table: [ContextKey: Action] = [:]
        for binding in bindings {
            for context in binding.contexts {
                for key in binding.keys where table[ContextKey(context: context, key: key)] == nil {
                    table[ContextKey(context: context, key: key)] = binding.action
                }
            }
        }
        return table
    }()
}
