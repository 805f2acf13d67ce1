# Everyday tasks. The README's test command is `go test -race ./...`.
.PHONY: run demo test lint bench integration build

build:
	CGO_ENABLED=0 go build -o kafkatui .

run:
	go run .

demo:
	go run . demo

test:
	go test -race ./...

lint:
	gofmt -l $$(git ls-files '*.go')
	go vet ./...

bench:
	go test -run '^$$' -bench . -benchmem ./kafkaops/...

integration:
	bash scripts/integration.sh
