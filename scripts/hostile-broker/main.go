// Command hostile-broker runs internal/hostile's Kafka-protocol server on
// loopback: a one-broker cluster that plants terminal escape sequences in
// every string it answers with. It prints the bootstrap address and serves
// until signalled, so kafkatui can be run against it by hand or in tmux
// (`go run ./scripts/hostile-broker`, then `kafkatui -b ADDR`).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/kafkatui/kafkatui/internal/hostile"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	s, err := hostile.Listen(*addr, hostile.Config{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostile-broker:", err)
		os.Exit(1)
	}
	fmt.Println("bootstrap:", s.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	s.Close()
}
