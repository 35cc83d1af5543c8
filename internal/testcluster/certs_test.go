package testcluster

import (
	"crypto/tls"
	"crypto/x509"
	"slices"
	"testing"
)

func TestServingCertificateVerifiesForTheAPIServersNames(t *testing.T) {
	p, err := newPKI(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	hosts := []string{"127.0.0.1", "10.96.0.1", "kubernetes.default.svc"}
	ck, err := p.issue("apiserver", "kube-apiserver", nil, hosts)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(ck.CertPEM, ck.KeyPEM)
	if err != nil {
		t.Fatalf("the certificate and key do not match: %v", err)
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(p.caCert)
	for _, h := range hosts {
		if _, err := cert.Verify(x509.VerifyOptions{DNSName: h, Roots: roots}); err != nil {
			t.Errorf("serving certificate does not verify for %s: %v", h, err)
		}
	}
	if _, err := cert.Verify(x509.VerifyOptions{DNSName: "example.org", Roots: roots}); err == nil {
		t.Error("serving certificate verifies for a name it was not issued for")
	}
}

func TestClientCertificateCarriesItsGroupsForRBAC(t *testing.T) {
	p, err := newPKI(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ck, err := p.issue("admin", "kubelab-test-admin", []string{"system:masters"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(ck.CertPEM, ck.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(pair.Certificate[0])
	roots := x509.NewCertPool()
	roots.AddCert(p.caCert)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client certificate does not verify for client auth: %v", err)
	}
	if cert.Subject.CommonName != "kubelab-test-admin" || !slices.Equal(cert.Subject.Organization, []string{"system:masters"}) {
		t.Errorf("subject is %v, want CN kubelab-test-admin in O system:masters", cert.Subject)
	}
}
