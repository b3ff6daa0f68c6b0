/// toml-test's tagged JSON. (Placeholder until the toml-decoder branch lands its version.)
public enum TaggedJSON {}
