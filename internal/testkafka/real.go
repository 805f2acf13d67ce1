package testkafka

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The variables scripts/integration.sh exports besides EnvBrokers, so tests
// can reach the real cluster's other listeners, its nodes and Kafka's own
// command-line tools.
const (
	EnvVersion        = "KAFKATUI_TEST_KAFKA_VERSION"
	EnvNodes          = "KAFKATUI_TEST_KAFKA_NODES"
	EnvDir            = "KAFKATUI_TEST_KAFKA_DIR"
	EnvScript         = "KAFKATUI_TEST_KAFKA_SCRIPT"
	EnvLibs           = "KAFKATUI_TEST_KAFKA_LIBS"
	EnvBin            = "KAFKATUI_TEST_KAFKA_BIN"
	EnvSASLBootstrap  = "KAFKATUI_TEST_SASL_BOOTSTRAP"
	EnvSASLUser       = "KAFKATUI_TEST_SASL_USER"
	EnvSASLPassword   = "KAFKATUI_TEST_SASL_PASSWORD"
	EnvSASLMechs      = "KAFKATUI_TEST_SASL_MECHANISMS"
	EnvOAuthBootstrap = "KAFKATUI_TEST_OAUTH_BOOTSTRAP"
	EnvTLSBootstrap   = "KAFKATUI_TEST_TLS_BOOTSTRAP"
	EnvTLSCA          = "KAFKATUI_TEST_TLS_CA"
	EnvMTLSBootstrap  = "KAFKATUI_TEST_MTLS_BOOTSTRAP"
	EnvTLSClientCert  = "KAFKATUI_TEST_TLS_CLIENT_CERT"
	EnvTLSClientKey   = "KAFKATUI_TEST_TLS_CLIENT_KEY"
)

func env(name string) string { return strings.TrimSpace(os.Getenv(name)) }

func addrs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Version is the real cluster's Kafka version, e.g. "4.3.1"; empty on kfake.
func Version() string {
	if !Real() {
		return ""
	}
	return env(EnvVersion)
}

// VersionAtLeast reports whether the real cluster runs Kafka major.minor or
// newer. It is false on kfake and when the version is unknown, so a test
// guarded by it runs only where the behaviour is known to exist.
func VersionAtLeast(major, minor int) bool {
	parts := strings.SplitN(Version(), ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// Nodes is the number of nodes of the real cluster (node ids 1..Nodes are
// also its broker ids); 0 on kfake or when integration.sh did not say.
func Nodes() int {
	if !Real() {
		return 0
	}
	n, err := strconv.Atoi(env(EnvNodes))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// SASLSettings describe the real single node's SASL_PLAINTEXT listener.
type SASLSettings struct {
	Brokers  []string
	User     string
	Password string
	// Mechanisms are the enabled ones, e.g. PLAIN, SCRAM-SHA-256, SCRAM-SHA-512.
	Mechanisms []string
}

// SASL returns the real SASL listener; ok is false when there is none (on
// kfake and on the 3-node cluster), and the test should then skip.
func SASL() (s SASLSettings, ok bool) {
	if !Real() || env(EnvSASLBootstrap) == "" {
		return SASLSettings{}, false
	}
	return SASLSettings{
		Brokers:    addrs(env(EnvSASLBootstrap)),
		User:       env(EnvSASLUser),
		Password:   os.Getenv(EnvSASLPassword),
		Mechanisms: addrs(env(EnvSASLMechs)),
	}, true
}

// OAuth returns the real single node's OAUTHBEARER listener (SASL_PLAINTEXT,
// OAUTHBEARER only, validated by Kafka's unsecured validator: unsigned JWTs
// with alg "none", a sub claim and an exp in the future); ok is false when
// there is none (on kfake and on the 3-node cluster), and the test should
// then skip.
func OAuth() (brokers []string, ok bool) {
	if !Real() || env(EnvOAuthBootstrap) == "" {
		return nil, false
	}
	return addrs(env(EnvOAuthBootstrap)), true
}

// TLSSettings describe the real single node's SSL listeners.
type TLSSettings struct {
	// Brokers is the listener with a server certificate only.
	Brokers []string
	// CAFile is the PEM CA that signed the server and client certificates.
	CAFile string
	// MTLSBrokers is the listener that requires a client certificate.
	MTLSBrokers    []string
	ClientCertFile string
	ClientKeyFile  string
}

// TLS returns the real TLS listeners; ok is false when there are none (on
// kfake and on the 3-node cluster), and the test should then skip.
func TLS() (s TLSSettings, ok bool) {
	if !Real() || env(EnvTLSBootstrap) == "" {
		return TLSSettings{}, false
	}
	return TLSSettings{
		Brokers:        addrs(env(EnvTLSBootstrap)),
		CAFile:         env(EnvTLSCA),
		MTLSBrokers:    addrs(env(EnvMTLSBootstrap)),
		ClientCertFile: env(EnvTLSClientCert),
		ClientKeyFile:  env(EnvTLSClientKey),
	}, true
}

// RequireRealNodes skips the test unless it runs on a real cluster of at
// least n nodes that scripts/kafka/kafka.sh can stop and start.
func RequireRealNodes(t testing.TB, n int) {
	t.Helper()
	if !Real() {
		t.Skipf("needs a real Kafka cluster (%s)", EnvBrokers)
	}
	if Nodes() < n {
		t.Skipf("needs a real cluster of %d nodes, this one has %d", n, Nodes())
	}
	if env(EnvScript) == "" || env(EnvDir) == "" {
		t.Skipf("%s and %s are not set: run under scripts/integration.sh", EnvScript, EnvDir)
	}
}

// AllNodes, given as a node id, names every node of the cluster.
const AllNodes = -1

// nodeState remembers which nodes tests stopped, so that a test that fails
// half-way still leaves the cluster whole for the next one.
var nodeState struct {
	mu      sync.Mutex
	stopped map[int]bool
}

// StopNode stops node id (a broker id, or AllNodes) with a controlled
// shutdown and returns when its process is gone. The node is restarted at
// cleanup unless the test restarted it. It skips the test off a real
// multi-node cluster.
func StopNode(t testing.TB, id int) { t.Helper(); stopNode(t, id, false) }

// KillNode is StopNode with SIGKILL: a crash, no controlled shutdown.
func KillNode(t testing.TB, id int) { t.Helper(); stopNode(t, id, true) }

func stopNode(t testing.TB, id int, kill bool) {
	t.Helper()
	RequireRealNodes(t, 2)
	args := []string{"stop-node"}
	if kill {
		args = append(args, "--kill")
	}
	nodes := nodeIDs(id)
	nodeState.mu.Lock()
	first := nodeState.stopped == nil
	if first {
		nodeState.stopped = make(map[int]bool)
	}
	for _, n := range nodes {
		nodeState.stopped[n] = true
	}
	nodeState.mu.Unlock()
	t.Cleanup(func() { restartStopped(t) })
	if err := runScript(2*time.Minute, append(args, nodeArgs(id)...)...); err != nil {
		t.Fatalf("stop node %s: %v", nodeName(id), err)
	}
}

// StartNode starts node id (or AllNodes) again and returns once it serves
// requests. It skips the test off a real multi-node cluster.
func StartNode(t testing.TB, id int) {
	t.Helper()
	RequireRealNodes(t, 2)
	if err := runScript(3*time.Minute, append([]string{"start-node"}, nodeArgs(id)...)...); err != nil {
		t.Fatalf("start node %s: %v", nodeName(id), err)
	}
	nodeState.mu.Lock()
	for _, n := range nodeIDs(id) {
		delete(nodeState.stopped, n)
	}
	nodeState.mu.Unlock()
}

// restartStopped starts every node a test stopped and did not restart.
func restartStopped(t testing.TB) {
	nodeState.mu.Lock()
	var args []string
	var ids []int
	for n := range nodeState.stopped {
		args = append(args, "--node", strconv.Itoa(n))
		ids = append(ids, n)
	}
	nodeState.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	if err := runScript(3*time.Minute, append([]string{"start-node"}, args...)...); err != nil {
		t.Errorf("restart nodes %v at cleanup: %v", ids, err)
		return
	}
	nodeState.mu.Lock()
	for _, n := range ids {
		delete(nodeState.stopped, n)
	}
	nodeState.mu.Unlock()
}

func nodeIDs(id int) []int {
	if id != AllNodes {
		return []int{id}
	}
	ids := make([]int, Nodes())
	for i := range ids {
		ids[i] = i + 1
	}
	return ids
}

func nodeArgs(id int) []string { return []string{"--node", nodeName(id)} }

func nodeName(id int) string {
	if id == AllNodes {
		return "all"
	}
	return strconv.Itoa(id)
}

// runScript runs kafka.sh on the test cluster's directory.
func runScript(timeout time.Duration, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args = append(args, "--dir", env(EnvDir))
	cmd := exec.CommandContext(ctx, env(EnvScript), args...)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("kafka.sh %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// RequireTools skips the test unless Kafka's command-line tools are
// available (a real cluster run by scripts/integration.sh).
func RequireTools(t testing.TB) {
	t.Helper()
	if !Real() || env(EnvBin) == "" {
		t.Skipf("needs Kafka's tools from a real cluster (%s, %s)", EnvBrokers, EnvBin)
	}
}

// toolPath is the wrapper for one of Kafka's tools, e.g.
// "kafka-consumer-groups".
func toolPath(t testing.TB, name string) string {
	t.Helper()
	RequireTools(t)
	p := filepath.Join(env(EnvBin), name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("Kafka tool %s: %v", name, err)
	}
	return p
}

// Tool runs one of Kafka's command-line tools to completion (killed after
// timeout) and returns its standard output. A non-zero exit fails the test,
// with the tool's standard error. It skips the test off a real cluster.
func Tool(t testing.TB, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	out, errOut, err := RunTool(t, timeout, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// RunTool is Tool returning the error instead of failing the test.
func RunTool(t testing.TB, timeout time.Duration, name string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	p := StartTool(t, name, args...)
	err = p.Wait(timeout)
	return p.Stdout(), p.Stderr(), err
}

// Process is a running Kafka tool started by StartTool.
type Process struct {
	name   string
	cmd    *exec.Cmd
	stdout syncBuf
	stderr syncBuf
	done   chan struct{}
	err    error // valid once done is closed
}

// StartTool starts one of Kafka's command-line tools and returns at once.
// The process (the JVM: the wrappers exec it) is killed by its pid at
// cleanup if it still runs. It skips the test off a real cluster.
func StartTool(t testing.TB, name string, args ...string) *Process {
	t.Helper()
	p := &Process{name: name, done: make(chan struct{})}
	p.cmd = exec.Command(toolPath(t, name), args...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	// A child that inherited the pipes must not keep Wait from returning
	// once the tool itself has exited.
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// Pid is the tool's process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Stdout is what the tool has written to standard output so far.
func (p *Process) Stdout() string { return p.stdout.String() }

// Stderr is what the tool has written to standard error so far.
func (p *Process) Stderr() string { return p.stderr.String() }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Wait waits for the process to exit and returns its error; after timeout
// it kills the process and says so.
func (p *Process) Wait(timeout time.Duration) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-p.done:
		return p.err
	case <-timer.C:
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("%s did not finish within %s and was killed", p.name, timeout)
	}
}

// Stop asks the tool to shut down (SIGTERM, on which Kafka's console
// consumer closes its consumer and leaves the group) and kills it if it has
// not exited within grace.
func (p *Process) Stop(grace time.Duration) {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	_ = p.Wait(grace)
}

// syncBuf is a bytes.Buffer that a process writes while a test reads it.
type syncBuf struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuf) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuf) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TopicWithReplicas is TopicWithConfigs with a replication factor, for
// tests that stop brokers of a real multi-node cluster.
func TopicWithReplicas(t testing.TB, brokers []string, partitions int32, replicas int16, configs map[string]string) string {
	t.Helper()
	adm, cl := Admin(t, brokers)
	name := TopicName(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cfg := make(map[string]*string, len(configs))
	for k, v := range keepOldRecords(configs) {
		cfg[k] = &v
	}
	resp, err := adm.CreateTopic(ctx, partitions, replicas, cfg, name)
	if err == nil {
		err = resp.Err
	}
	if err != nil {
		t.Fatalf("create topic %s (replication factor %d): %v", name, replicas, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = adm.DeleteTopics(ctx, name)
	})
	waitForTopic(t, adm, cl, name)
	return name
}
