extension Formula {
    /// Why no molecule can be made from this formula, or nil: an expansion only replaces a step of
    /// another formula, an aspect with advice only is applied to another formula, and a molecule needs
    /// at least one step.
    public var moleculeRefusal: String? {
        switch kind {
        case .expansion:
            return "formula \(name) is an expansion formula: its [[template]] steps replace a step of another "
                + "formula; use it there with [compose] expand = [{ target = \"STEP\", with = \"\(name)\" }]"
        case .aspect where steps.isEmpty:
            return "formula \(name) is an aspect formula with [[advice]] only: apply it to a workflow with "
                + "[compose] aspects = [\"\(name)\"]"
        default:
            return steps.isEmpty ? "formula \(name) has no steps" : nil
        }
    }
}
