// Command benchbroker runs a one-broker in-process Kafka-protocol cluster
// (franz-go's kfake) on loopback, seeds a topic with fixed-size records, prints
// the bootstrap address on standard output and serves until it is signalled.
// It exists so scripts/bench-consume.sh can time kafkatui and kcat against the
// same broker, outside the processes being measured.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

func main() {
	port := flag.Int("port", 0, "loopback port to listen on (0 picks a free one)")
	topic := flag.String("topic", "bench", "topic to create and seed")
	n := flag.Int("n", 200000, "number of records to seed")
	size := flag.Int("size", 200, "value size of each record in bytes")
	flag.Parse()
	if err := run(*port, *topic, *n, *size); err != nil {
		fmt.Fprintln(os.Stderr, "benchbroker:", err)
		os.Exit(1)
	}
}

func run(port int, topic string, n, size int) error {
	opts := []kfake.Opt{kfake.NumBrokers(1), kfake.SeedTopics(1, topic)}
	if port != 0 {
		opts = append(opts, kfake.Ports(port)) // kfake listens on 127.0.0.1
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return fmt.Errorf("start kfake: %w", err)
	}
	defer c.Close()
	bootstrap := c.ListenAddrs()
	if err := seed(bootstrap, topic, n, size); err != nil {
		return err
	}
	fmt.Println(bootstrap[0])
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	return nil
}

// seed produces n records of size bytes to partition 0, uncompressed so the
// consumers measured do the same work as on an uncompressed real topic.
func seed(brokers []string, topic string, n, size int) error {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(brokers...),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.ProducerLinger(5*time.Millisecond),
	)
	if err != nil {
		return err
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	val := bytes.Repeat([]byte("x"), size)
	errc := make(chan error, 1)
	for i := 0; i < n; i++ {
		cl.Produce(ctx, &kgo.Record{Topic: topic, Partition: 0, Value: val}, func(_ *kgo.Record, err error) {
			if err != nil {
				select {
				case errc <- err:
				default:
				}
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		return fmt.Errorf("seed %s: %w", topic, err)
	}
	select {
	case err := <-errc:
		return fmt.Errorf("seed %s: %w", topic, err)
	default:
	}
	return nil
}
