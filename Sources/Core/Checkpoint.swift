import TOML

/// `[steps.checkpoint]`: a human decision at the end of a step.
public struct Checkpoint: Sendable, Hashable {
    public var id: String
    public var prompt: String
    /// The step a rejection returns to: the step itself or one it depends on.
    public var onReject: String
    public var position: SourcePosition

    public init(id: String, prompt: String, onReject: String, position: SourcePosition = .unknown) {
        self.id = id
        self.prompt = prompt
        self.onReject = onReject
        self.position = position
    }
}
