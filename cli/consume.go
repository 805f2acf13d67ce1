package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/internal/recordjson"
	"github.com/kafkatui/kafkatui/kafkaops"
)

type consumeFlags struct {
	partitions []int32
	offset     string
	count      int
	exitAtEnd  bool
	asJSON     bool
	keyDelim   string
	decode     string
}

func (a *app) consumeCommand() *cobra.Command {
	var f consumeFlags
	cmd := &cobra.Command{
		Use:   "consume TOPIC",
		Short: "Print messages of a topic, one per line",
		Long: "Print messages of a topic, one per line, from every partition or those given\n" +
			"with -p. Plain output prints each value (and the key with -K) with control\n" +
			"characters and escape sequences shown as \\x1b-style escapes; --json prints one\n" +
			"JSON object per message with the exact bytes (base64 when not UTF-8).\n\n" +
			"Start positions (-o), as in kcat:\n" +
			"  beginning          the start of each partition (default)\n" +
			"  end                only messages produced from now on\n" +
			"  N                  absolute offset N\n" +
			"  -N                 the last N messages of each partition: messages, not offsets;\n" +
			"                     where compaction, transaction markers or (read committed)\n" +
			"                     aborted messages leave gaps, it looks further back, in\n" +
			"                     doubling windows, at most " + num(int64(kafkaops.FromEndLookBack)) + " offsets beyond N and\n" +
			"                     the request timeout, then starts at what it found and\n" +
			"                     says so on stderr\n" +
			"  s@UNIX-MS          the first message at or after a Unix time in milliseconds\n" +
			"  @RFC3339           the first message at or after a time, e.g. @2024-05-01T12:00:00Z\n" +
			"  @-DURATION         the first message at or after that long ago, e.g. @-15m\n\n" +
			"Transactions (--isolation, env KAFKATUI_ISOLATION, or defaults.isolation in the\n" +
			"config file):\n" +
			"  uncommitted        every record, as Kafka's Java consumer reads (the default);\n" +
			"                     records of aborted transactions and of transactions still\n" +
			"                     open are marked: \"transaction\": \"aborted\" or \"open\" with\n" +
			"                     --json, a line on stderr naming their offsets otherwise\n" +
			"  committed          what read_committed consumers see (kcat's default): no\n" +
			"                     aborted records, and each partition stops at its last\n" +
			"                     stable offset while a transaction is open there\n" +
			"The default shows everything, marked, because a tool for looking at a topic\n" +
			"should not hide rolled-back records from someone chasing them, nor stall\n" +
			"silently behind an open transaction.\n\n" +
			"Schema Registry (--schema-registry URL, env KAFKATUI_SCHEMA_REGISTRY, or the\n" +
			"cluster's schema_registry in the config file): keys and values in Confluent\n" +
			"framing (a zero byte and a 4-byte schema id) are shown as the JSON of their\n" +
			"Avro, Protobuf or JSON Schema schema; --json then gives the decoded value as\n" +
			"JSON with value_schema_id and value_format (key_ likewise). Other bytes are\n" +
			"shown as they are. A record that cannot be decoded (schema not found, bytes\n" +
			"that do not match it, registry unreachable) is shown raw, with the reason in\n" +
			"value_decode_error (--json) or once per reason on stderr. --decode raw\n" +
			"shows every record as it is, without asking the registry.",
		Example: "  kafkatui consume orders -o -10 -e\n" +
			"  kafkatui consume orders -p 0,3 -o @-1h --json | jq .value\n" +
			"  kafkatui consume orders -K ': ' -o end\n" +
			"  kafkatui consume payments --isolation committed -e\n" +
			"  kafkatui consume orders --schema-registry http://localhost:8081 --json | jq .value.amount",
		Args:              exactArgs("TOPIC"),
		ValidArgsFunction: firstArg(a.completeTopics),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			return a.consume(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), args[0], f)
		}),
	}
	fl := cmd.Flags()
	fl.Int32SliceVarP(&f.partitions, "partition", "p", nil, "partition to read, repeatable or comma separated (default: all)")
	fl.StringVarP(&f.offset, "offset", "o", "beginning", "start position: beginning, end, N, -N, s@UNIX-MS, @RFC3339, @-DURATION")
	fl.IntVarP(&f.count, "count", "c", 0, "exit after this many messages (0: no limit)")
	fl.BoolVarP(&f.exitAtEnd, "exit", "e", false, "exit once every partition reaches the end it had at start")
	fl.BoolVar(&f.asJSON, "json", false, "print one JSON object per message (JSON lines)")
	fl.StringVarP(&f.keyDelim, "key-delimiter", "K", "", "print the key, then this delimiter, then the value")
	fl.StringVar(&f.decode, "decode", "auto", "auto: show keys and values framed for the Schema Registry as their JSON; raw: the bytes as they are")
	_ = cmd.RegisterFlagCompletionFunc("offset", positionCompletions)
	return cmd
}

func (a *app) consume(ctx context.Context, stdout, stderr io.Writer, topic string, f consumeFlags) error {
	if f.count < 0 {
		return usagef("--count must not be negative")
	}
	if f.asJSON && f.keyDelim != "" {
		return usagef("--json already includes the key; drop -K")
	}
	for _, p := range f.partitions {
		if p < 0 {
			return usagef("--partition %d: partitions are numbered from 0", p)
		}
	}
	pos, err := kafkaops.ParsePosition(f.offset) // its errors quote the input and the grammar
	if err != nil {
		return err
	}
	auto, err := parseDecode(f.decode)
	if err != nil {
		return err
	}
	// nil without a registry: the loop below then takes today's path.
	rd, err := a.consumeDecoder(ctx, auto, topic, stderr)
	if err != nil {
		return err
	}
	cl, err := a.open()
	if err != nil {
		return err
	}
	defer cl.Close()

	// The stream gets its own cancel so -c can stop it; we then drain the
	// channel so its goroutines have finished before the cluster closes.
	// Records come a fetch response at a time (Batched): one channel
	// operation per response instead of one per record, which was a third
	// of the CPU of a consume. Each is printed and forgotten, so the
	// stream may leave them in its buffers (Recycle) and have them back.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s, err := cl.Consume(sctx, kafkaops.ConsumeRequest{
		Topic:      topic,
		Partitions: f.partitions,
		Start:      pos,
		StopAtEnd:  f.exitAtEnd,
		Batched:    true,
		Recycle:    true,
		Isolation:  kafkaops.Isolation(a.ui.isolation),
	})
	if err != nil {
		return err
	}
	for _, st := range s.Starts {
		if st.Note != "" {
			fmt.Fprintf(stderr, "kafkatui: note: %s/%d: %s\n", oneLine(topic), st.Partition, oneLine(st.Note))
		}
	}

	w := bufio.NewWriterSize(stdout, 256<<10)
	if rd != nil {
		rd.flush = w.Flush
	}
	plain := plainFormat{keyDelim: f.keyDelim}
	n := 0
	var werr error
	skips := newSkipReporter(topic, stderr)
	// --json carries the transaction mark in each line; plain output gets
	// it on stderr.
	var txns *txnReporter
	if !f.asJSON {
		txns = newTxnReporter(topic, stderr, w.Flush)
	}
	sinceCheck := 0
	for {
		var batch []kafkaops.Record
		var ok bool
		select {
		case batch, ok = <-s.Batches:
		default:
			// Nothing waiting: show what we have before blocking, so a live
			// tail appears as it arrives while a backlog still batches.
			if werr == nil {
				werr = w.Flush()
			}
			if txns != nil {
				txns.flush()
			}
			skips.check(s.Positions())
			sinceCheck = 0
			batch, ok = <-s.Batches
		}
		if !ok {
			break
		}
		if sinceCheck += len(batch); sinceCheck >= skipCheckEvery {
			skips.check(s.Positions())
			sinceCheck = 0
		}
		for i := range batch {
			if werr != nil || (f.count > 0 && n >= f.count) {
				break // draining after -c or a failed write
			}
			rec := &batch[i]
			buf := w.AvailableBuffer()
			switch {
			case rd != nil && f.asJSON:
				buf = recordjson.AppendDecoded(buf, rec, rd.decode(sctx, rec))
			case rd != nil:
				buf = plain.appendRecordPlainDecoded(buf, rec, rd.decode(sctx, rec))
				txns.observe(rec)
			case f.asJSON:
				buf = appendRecordJSON(buf, rec)
			default:
				buf = plain.appendRecordPlain(buf, rec)
				txns.observe(rec)
			}
			_, werr = w.Write(buf)
			n++
			if werr != nil || (f.count > 0 && n >= f.count) {
				cancel()
			}
		}
		s.Recycle(batch) // formatted into w's buffer: nothing points into it
	}
	if werr == nil {
		werr = w.Flush()
	}
	if txns != nil {
		txns.flush()
	}
	skips.check(s.Positions()) // a skip just before the end
	if f.exitAtEnd && kafkaops.Isolation(a.ui.isolation) == kafkaops.ReadCommitted {
		noteHeldBack(stderr, topic, s.Positions())
	}
	if werr != nil {
		return fmt.Errorf("write output: %w", werr)
	}
	if f.count > 0 && n >= f.count {
		return nil // we cancelled the stream ourselves
	}
	if err := s.Err(); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
