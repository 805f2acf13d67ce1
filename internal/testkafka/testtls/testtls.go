// Package testtls makes throwaway TLS material for tests: a self-signed CA,
// a server certificate for loopback and a client certificate, all written to
// the test's temporary directory so that code under test can load them from
// files exactly as a user's would be. It is imported only by tests and uses
// the standard library only.
package testtls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Certs is one CA with a server and a client certificate it signed.
type Certs struct {
	// CAFile is the CA certificate (PEM), what a client trusts.
	CAFile string
	// ServerCertFile and ServerKeyFile are the broker's certificate and key
	// (PEM), valid for 127.0.0.1, ::1 and localhost.
	ServerCertFile string
	ServerKeyFile  string
	// ClientCertFile and ClientKeyFile are a client certificate and key
	// (PEM) for mutual TLS.
	ClientCertFile string
	ClientKeyFile  string

	// Server is a listener config presenting the server certificate and
	// not asking for a client certificate.
	Server *tls.Config
	// ServerMTLS is like Server but requires a client certificate signed
	// by the CA (tls.RequireAndVerifyClientCert).
	ServerMTLS *tls.Config

	// CAPool trusts the CA only; handy for an independent client.
	CAPool *x509.CertPool
	// Client is the client certificate loaded, for an independent client.
	Client tls.Certificate
}

// New generates fresh material in t.TempDir(). It fails the test on error.
func New(t testing.TB) *Certs {
	t.Helper()
	dir := t.TempDir()
	now := time.Now()

	caKey := newKey(t)
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(t),
		Subject:               pkix.Name{CommonName: "kafkatui test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatalf("testtls: create CA: %v", err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatalf("testtls: parse CA: %v", err)
	}

	leaf := func(cn string, usage x509.ExtKeyUsage, server bool) ([]byte, *ecdsa.PrivateKey) {
		key := newKey(t)
		tmpl := &x509.Certificate{
			SerialNumber: serial(t),
			Subject:      pkix.Name{CommonName: cn},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.Add(24 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{usage},
		}
		if server {
			tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
			tmpl.DNSNames = []string{"localhost"}
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
		if err != nil {
			t.Fatalf("testtls: create %s certificate: %v", cn, err)
		}
		return der, key
	}
	serverDER, serverKey := leaf("kafkatui test broker", x509.ExtKeyUsageServerAuth, true)
	clientDER, clientKey := leaf("kafkatui test client", x509.ExtKeyUsageClientAuth, false)

	c := &Certs{
		CAFile:         filepath.Join(dir, "ca.pem"),
		ServerCertFile: filepath.Join(dir, "server.pem"),
		ServerKeyFile:  filepath.Join(dir, "server-key.pem"),
		ClientCertFile: filepath.Join(dir, "client.pem"),
		ClientKeyFile:  filepath.Join(dir, "client-key.pem"),
		CAPool:         x509.NewCertPool(),
	}
	c.CAPool.AddCert(ca)
	writePEM(t, c.CAFile, "CERTIFICATE", caDER)
	writePEM(t, c.ServerCertFile, "CERTIFICATE", serverDER)
	writePEM(t, c.ServerKeyFile, "PRIVATE KEY", marshalKey(t, serverKey))
	writePEM(t, c.ClientCertFile, "CERTIFICATE", clientDER)
	writePEM(t, c.ClientKeyFile, "PRIVATE KEY", marshalKey(t, clientKey))

	serverCert, err := tls.LoadX509KeyPair(c.ServerCertFile, c.ServerKeyFile)
	if err != nil {
		t.Fatalf("testtls: load server pair: %v", err)
	}
	c.Client, err = tls.LoadX509KeyPair(c.ClientCertFile, c.ClientKeyFile)
	if err != nil {
		t.Fatalf("testtls: load client pair: %v", err)
	}
	c.Server = &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{serverCert},
	}
	c.ServerMTLS = &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{serverCert},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    c.CAPool,
	}
	return c
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("testtls: generate key: %v", err)
	}
	return k
}

func serial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatalf("testtls: serial: %v", err)
	}
	return n
}

func marshalKey(t testing.TB, k *ecdsa.PrivateKey) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatalf("testtls: marshal key: %v", err)
	}
	return der
}

func writePEM(t testing.TB, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatalf("testtls: write %s: %v", path, err)
	}
}
