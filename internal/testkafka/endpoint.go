package testkafka

import (
	"net"
	"sync"
	"testing"
)

// Endpoint listens on 127.0.0.1 and hands each connection to serve in its
// own goroutine; with a nil serve it holds connections open and never
// answers. Everything is closed at cleanup. It stands for what a broker
// address can point at besides Kafka: a hung or firewalled broker, a web
// server, Redis, SSH. It returns the address.
func Endpoint(t testing.TB, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if serve != nil {
				go serve(c)
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// Silent is an Endpoint that accepts connections and never answers, the
// way a hung broker, or one behind a firewall that drops packets after the
// handshake, behaves: only a timeout ends the wait.
func Silent(t testing.TB) string { return Endpoint(t, nil) }
