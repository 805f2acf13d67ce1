package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kafkatui/kafkatui/kafkaops"
)

type produceFlags struct {
	key         string
	headers     []string
	partition   int32
	acks        string
	compression string
	keyDelim    string
	nullEmpty   bool
}

func (a *app) produceCommand() *cobra.Command {
	var f produceFlags
	cmd := &cobra.Command{
		Use:   "produce TOPIC [VALUE]",
		Short: "Write messages: VALUE, or each line of standard input",
		Long: "Write one message with VALUE, or without VALUE one message per line of standard\n" +
			"input (a trailing \\n or \\r\\n is not part of the value; lines of any length).\n" +
			"Prints \"partition offset\" for each message written. Keyed messages go to the\n" +
			"partition a Java producer would pick (murmur2) unless -p is given.",
		Example: "  kafkatui produce orders -k order-42 -H source=cli '{\"id\":42}'\n" +
			"  printf 'k1:v1\\nk2:v2\\n' | kafkatui produce orders -K :\n" +
			"  kafkatui produce compacted -k user-7 -Z ''      # tombstone",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 {
				return errors.New("missing TOPIC")
			}
			if len(args) > 2 {
				return fmt.Errorf("too many arguments: want TOPIC [VALUE], got %d arguments (quote a value with spaces)", len(args))
			}
			return nil
		},
		ValidArgsFunction: firstArg(a.completeTopics),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			var value *string
			if len(args) == 2 {
				value = &args[1]
			}
			return a.produce(cmd.Context(), cmd, args[0], value, f)
		}),
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.key, "key", "k", "", "message key (default: null)")
	fl.StringArrayVarP(&f.headers, "header", "H", nil, "header key=value, repeatable")
	fl.Int32VarP(&f.partition, "partition", "p", -1, "partition; -1 picks one by key (murmur2, as a Java producer does)")
	fl.StringVar(&f.acks, "acks", "all", "acknowledgements: all (-1), leader (1) or none (0)")
	fl.StringVarP(&f.compression, "compression", "z", "none", "compression: none, gzip, snappy, lz4 or zstd")
	fl.StringVarP(&f.keyDelim, "key-delimiter", "K", "", "split each input line into key, delimiter, value")
	fl.BoolVarP(&f.nullEmpty, "null", "Z", false, "send an empty value (or key with -K) as null: a tombstone")
	_ = cmd.RegisterFlagCompletionFunc("acks", fixedValues("all\tevery in-sync replica", "leader\tthe leader only", "none\tno acknowledgement"))
	_ = cmd.RegisterFlagCompletionFunc("compression", fixedValues("none", "gzip", "snappy", "lz4", "zstd"))
	return cmd
}

func parseAcks(s string) (kafkaops.Acks, error) {
	switch strings.ToLower(s) {
	case "all", "-1":
		return kafkaops.AcksAll, nil
	case "leader", "1":
		return kafkaops.AcksLeader, nil
	case "none", "0":
		return kafkaops.AcksNone, nil
	}
	return 0, usagef("--acks %q: want all, leader, none, -1, 1 or 0", s)
}

func parseCompression(s string) (kafkaops.Compression, error) {
	switch c := kafkaops.Compression(strings.ToLower(s)); c {
	case "none", "":
		return kafkaops.CompressionNone, nil
	case kafkaops.CompressionGzip, kafkaops.CompressionSnappy, kafkaops.CompressionLZ4, kafkaops.CompressionZstd:
		return c, nil
	}
	return "", usagef("--compression %q: want none, gzip, snappy, lz4 or zstd", s)
}

func parseHeaders(hs []string) ([]kafkaops.Header, error) {
	out := make([]kafkaops.Header, 0, len(hs))
	for _, h := range hs {
		k, v, ok := strings.Cut(h, "=")
		if !ok || k == "" {
			return nil, usagef("-H %q: want key=value", h)
		}
		out = append(out, kafkaops.Header{Key: k, Value: []byte(v)})
	}
	return out, nil
}

func (a *app) produce(ctx context.Context, cmd *cobra.Command, topic string, value *string, f produceFlags) error {
	if err := a.checkWrite("produce"); err != nil {
		return err
	}
	acks, err := parseAcks(f.acks)
	if err != nil {
		return err
	}
	comp, err := parseCompression(f.compression)
	if err != nil {
		return err
	}
	headers, err := parseHeaders(f.headers)
	if err != nil {
		return err
	}
	if f.partition < -1 {
		return usagef("--partition %d: partitions are numbered from 0", f.partition)
	}
	keySet := cmd.Flags().Changed("key")
	if keySet && f.keyDelim != "" {
		return usagef("-k and -K both set the key; use one")
	}
	cl, err := a.open()
	if err != nil {
		return err
	}
	defer cl.Close()

	out := bufio.NewWriter(cmd.OutOrStdout())
	base := kafkaops.Message{Topic: topic, Partition: f.partition, Headers: headers, Acks: acks, Compression: comp}
	if keySet {
		base.Key = []byte(f.key)
	}
	noted := false
	send := func(key, val []byte) error {
		msg := base
		if key != nil {
			msg.Key = key
		}
		msg.Value = val
		if f.nullEmpty {
			if len(msg.Value) == 0 {
				msg.Value = nil
			}
			if f.keyDelim != "" && len(msg.Key) == 0 {
				msg.Key = nil
			}
		} else if msg.Value == nil {
			msg.Value = []byte{} // an empty value, not a tombstone
		}
		res, err := cl.Produce(ctx, msg)
		if err != nil {
			return err
		}
		if !res.OffsetKnown {
			fmt.Fprintf(out, "%d -\n", res.Partition)
			if !noted {
				noted = true
				fmt.Fprintln(cmd.ErrOrStderr(), "kafkatui: note: with --acks none the broker does not answer, so offsets are not known")
			}
			return nil
		}
		_, err = fmt.Fprintf(out, "%d %d\n", res.Partition, res.Offset)
		return err
	}
	split := func(line []byte) (key, val []byte) {
		if f.keyDelim == "" {
			return nil, line
		}
		k, v, ok := bytes.Cut(line, []byte(f.keyDelim))
		if !ok {
			return nil, line // no delimiter: a null key, as kcat does
		}
		return k, v
	}

	if value != nil {
		if err := send(nil, []byte(*value)); err != nil {
			return err
		}
		return out.Flush()
	}

	stdin := cmd.InOrStdin()
	if isTerminal(stdin) {
		fmt.Fprintln(cmd.ErrOrStderr(), "kafkatui: reading messages from the terminal, one per line; Ctrl-D to end")
	}
	lines := readLines(ctx, stdin)
	lineNo := 0
	for {
		var l lineOrErr
		var ok bool
		select {
		case l, ok = <-lines:
		default:
			// Flush before waiting for input, so piped output and an
			// interactive session see each result promptly.
			if err := out.Flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			select {
			case l, ok = <-lines:
			case <-ctx.Done():
				return nil // interrupted while waiting for input: a clean end
			}
		}
		if !ok {
			break
		}
		if l.err != nil {
			out.Flush()
			return fmt.Errorf("read standard input: %w", l.err)
		}
		lineNo++
		key, val := split(l.line)
		if err := send(key, val); err != nil {
			out.Flush()
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("line %d: %w", lineNo, err)
		}
	}
	return out.Flush()
}

type lineOrErr struct {
	line []byte
	err  error
}

// readLines reads r line by line in its own goroutine, so that Ctrl-C ends
// a produce waiting on a terminal instead of hanging in Read. A trailing \n
// or \r\n is dropped; a last line without one still counts. Lines may be of
// any length (bufio.Scanner would stop at 64 KiB).
func readLines(ctx context.Context, r io.Reader) <-chan lineOrErr {
	ch := make(chan lineOrErr, 64)
	go func() {
		defer close(ch)
		in := bufio.NewReaderSize(r, 64<<10)
		for {
			line, err := in.ReadBytes('\n')
			if len(line) > 0 {
				line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
				select {
				case ch <- lineOrErr{line: line}:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if err != io.EOF {
					select {
					case ch <- lineOrErr{err: err}:
					case <-ctx.Done():
					}
				}
				return
			}
		}
	}()
	return ch
}

// isTerminal reports whether r is an interactive terminal: a character
// device other than the null device, which scripts give as stdin ("<
// /dev/null") and which nobody types on.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}
