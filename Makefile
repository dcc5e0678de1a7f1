# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test build bench

# Installs what is missing, builds, migrates, seeds the demo school on first start, serves at http://127.0.0.1:8080.
run:
	scripts/bootstrap
	swift build --product kopilka
	.build/debug/kopilka demo
	.build/debug/kopilka serve

# Every test, on SQLite and on a real PostgreSQL server that the script starts and stops.
test:
	scripts/test

build:
	swift build

# Loopback benchmarks in a release build (see BENCHMARKS.md).
bench:
	scripts/bootstrap --bench
	swift run -c release kopilka-bench all
