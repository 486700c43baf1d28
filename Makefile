# The same entry points as ./dev, for people whose fingers type make.
.PHONY: run test deps bench
run:
	./dev run
test:
	./dev test
deps:
	./dev deps
bench:
	cargo bench -p omamori-otp
