# Install gastown the Swift way: one static binary, its shell completions and its man page.
#   make install PREFIX=$HOME/.local     (default PREFIX=/usr/local)
#   make uninstall PREFIX=...
# Needs Swift 6.3, libncurses-dev and libcurl4-openssl-dev to build; the installed binary needs no Swift: libc,
# libstdc++, ncursesw, libxml2 (JUnit reports) and libcurl (Foundation's networking part, which the MCP library
# links), as `ldd` lists them (scripts/check-install).

PREFIX ?= /usr/local
SWIFT ?= swift
RELEASE := .build/release
BINARY := $(RELEASE)/gastown
GENERATED := .build/install

.PHONY: all build completions man install uninstall check-install

all: build completions man

# The release binary with the Swift runtime and Foundation linked in: it depends on no file of the toolchain.
build:
	$(SWIFT) build -c release --static-swift-stdlib --product gastown

# swift-argument-parser writes the completion scripts from the command tree itself.
completions: build
	mkdir -p $(GENERATED)
	$(BINARY) --generate-completion-script bash > $(GENERATED)/gastown.bash
	$(BINARY) --generate-completion-script zsh > $(GENERATED)/_gastown
	$(BINARY) --generate-completion-script fish > $(GENERATED)/gastown.fish

# swift-argument-parser's generate-manual tool (what its generate-manual plugin runs), on the built binary.
man: build
	$(SWIFT) build -c release --product generate-manual
	mkdir -p $(GENERATED)
	$(RELEASE)/generate-manual $(BINARY) --output-directory $(GENERATED)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -d $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 -s $(BINARY) $(DESTDIR)$(PREFIX)/bin/gastown
	install -m 644 $(GENERATED)/gastown.1 $(DESTDIR)$(PREFIX)/share/man/man1/gastown.1
	install -m 644 $(GENERATED)/gastown.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gastown
	install -m 644 $(GENERATED)/_gastown $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_gastown
	install -m 644 $(GENERATED)/gastown.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/gastown.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gastown $(DESTDIR)$(PREFIX)/share/man/man1/gastown.1
	rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gastown
	rm -f $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_gastown
	rm -f $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/gastown.fish

# The installed binary stands alone: scripts/check-install (ldd, and a run far from the checkout).
check-install: build
	scripts/check-install $(BINARY)
