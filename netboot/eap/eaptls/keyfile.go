package eaptls

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"strings"
)

// Errors of DecryptKey.
var (
	// ErrKeyPassphrase reports a private_key_passwd= that does not open
	// the client key.
	ErrKeyPassphrase = errors.New("wrong private_key_passwd")
	// ErrUnsupportedKey reports an encryption DecryptKey does not know.
	ErrUnsupportedKey = errors.New("unsupported key encryption")
	// ErrMalformedKey reports an encrypted key that does not parse.
	ErrMalformedKey = errors.New("malformed encrypted key")
)

// maxIterations bounds PBKDF2's iteration count: OpenSSL writes 2048 and
// the most careful tools some hundred thousand; more is a damaged or
// hostile file, which must not stall a small board's boot.
const maxIterations = 1_000_000

// DecryptKey returns the client key of a PEM file as an unencrypted PEM
// block that tls.X509KeyPair reads. It opens PKCS#8 "ENCRYPTED PRIVATE
// KEY" blocks encrypted with PBES2 (RFC 8018 6.2: PBKDF2 with HMAC-SHA-1
// or SHA-2, AES-CBC or DES-EDE3-CBC), what OpenSSL 1.1 and later write,
// and the legacy OpenSSL PEM encryption ("Proc-Type: 4,ENCRYPTED") of
// older tools. A key that is not encrypted is returned as it is. The
// pass-phrase never appears in an error.
func DecryptKey(data []byte, passphrase string) ([]byte, error) {
	for rest := data; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			return nil, fmt.Errorf("read private key: no PEM private key block")
		}
		if !strings.HasSuffix(block.Type, "PRIVATE KEY") {
			continue
		}
		der, err := decryptBlock(block, passphrase)
		if err != nil {
			return nil, fmt.Errorf("decrypt private key (%s): %w", block.Type, err)
		}
		if der == nil {
			return data, nil
		}
		typ := block.Type
		if typ == "ENCRYPTED PRIVATE KEY" {
			typ = "PRIVATE KEY"
		}
		return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), nil
	}
}

// decryptBlock returns the DER of an encrypted key block, nil for a clear
// one. The result is parsed, since a wrong pass-phrase passes the padding
// check about once in 256 tries.
func decryptBlock(block *pem.Block, passphrase string) ([]byte, error) {
	var der []byte
	var err error
	switch {
	case block.Type == "ENCRYPTED PRIVATE KEY":
		if der, err = decryptPBES2(block.Bytes, []byte(passphrase)); err != nil {
			return nil, err
		}
		if _, err := x509.ParsePKCS8PrivateKey(der); err != nil {
			return nil, ErrKeyPassphrase
		}
		return der, nil
	//lint:ignore SA1019 the legacy encryption is insecure, but older tools write it and the key is decrypted once
	case x509.IsEncryptedPEMBlock(block):
		//lint:ignore SA1019 see above
		der, err = x509.DecryptPEMBlock(block, []byte(passphrase))
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, ErrKeyPassphrase
		}
		if err != nil {
			return nil, err
		}
		if !parsesAsKey(block.Type, der) {
			return nil, ErrKeyPassphrase
		}
		return der, nil
	}
	return nil, nil
}

func parsesAsKey(typ string, der []byte) bool {
	var err error
	switch typ {
	case "RSA PRIVATE KEY":
		_, err = x509.ParsePKCS1PrivateKey(der)
	case "EC PRIVATE KEY":
		_, err = x509.ParseECPrivateKey(der)
	default:
		_, err = x509.ParsePKCS8PrivateKey(der)
	}
	return err == nil
}

// The ASN.1 of RFC 5958 3 (EncryptedPrivateKeyInfo) and RFC 8018 A.2
// (PBKDF2-params) and A.4 (PBES2-params).
type (
	algorithm struct {
		OID    asn1.ObjectIdentifier
		Params asn1.RawValue `asn1:"optional"`
	}
	encryptedKeyInfo struct {
		Algorithm algorithm
		Data      []byte
	}
	pbes2Params struct {
		KDF, Cipher algorithm
	}
	pbkdf2Params struct {
		Salt       []byte
		Iterations int
		KeyLength  int       `asn1:"optional"`
		PRF        algorithm `asn1:"optional"`
	}
)

var (
	oidPBES2  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	// RFC 8018 B.1.1 and B.1.2: the PRFs, HMAC-SHA-1 when absent.
	prfs = map[string]func() hash.Hash{
		"1.2.840.113549.2.7": sha1.New, "1.2.840.113549.2.9": sha256.New,
		"1.2.840.113549.2.10": sha512.New384, "1.2.840.113549.2.11": sha512.New,
	}
	// The CBC ciphers of RFC 8018 B.2 that OpenSSL writes: AES (NIST's
	// identifiers), and DES-EDE3-CBC, which "openssl req -keyout" still
	// uses; with their key sizes.
	cbcCiphers = map[string]struct {
		size int
		new  func(key []byte) (cipher.Block, error)
	}{
		"2.16.840.1.101.3.4.1.2":  {16, aes.NewCipher},
		"2.16.840.1.101.3.4.1.22": {24, aes.NewCipher},
		"2.16.840.1.101.3.4.1.42": {32, aes.NewCipher},
		"1.2.840.113549.3.7":      {24, des.NewTripleDESCipher},
	}
)

// decryptPBES2 opens an EncryptedPrivateKeyInfo (RFC 8018 6.2.2).
func decryptPBES2(der, passphrase []byte) ([]byte, error) {
	var info encryptedKeyInfo
	if err := unmarshal(der, &info); err != nil {
		return nil, err
	}
	if !info.Algorithm.OID.Equal(oidPBES2) {
		return nil, fmt.Errorf("encryption %v is not PBES2 (re-encrypt it: openssl pkcs8 -topk8 -v2 aes256): %w", info.Algorithm.OID, ErrUnsupportedKey)
	}
	var p pbes2Params
	if err := unmarshal(info.Algorithm.Params.FullBytes, &p); err != nil {
		return nil, err
	}
	block, iv, err := pbes2Cipher(p, passphrase)
	if err != nil {
		return nil, err
	}
	if len(iv) != block.BlockSize() || len(info.Data) == 0 || len(info.Data)%block.BlockSize() != 0 {
		return nil, fmt.Errorf("CBC: IV of %d bytes, %d bytes of data: %w", len(iv), len(info.Data), ErrMalformedKey)
	}
	plain := make([]byte, len(info.Data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(plain, info.Data)
	// RFC 8018 6.2.2 step 5: the padding of RFC 8018 6.1.1 step 4.
	n := int(plain[len(plain)-1])
	if n == 0 || n > block.BlockSize() {
		return nil, ErrKeyPassphrase
	}
	for _, b := range plain[len(plain)-n:] {
		if int(b) != n {
			return nil, ErrKeyPassphrase
		}
	}
	return plain[:len(plain)-n], nil
}

// pbes2Cipher derives the cipher's key with PBKDF2 and returns the cipher
// with the IV.
func pbes2Cipher(p pbes2Params, passphrase []byte) (cipher.Block, []byte, error) {
	c, ok := cbcCiphers[p.Cipher.OID.String()]
	if !p.KDF.OID.Equal(oidPBKDF2) || !ok {
		return nil, nil, fmt.Errorf("PBES2 with %v and %v (only PBKDF2 with AES-CBC or DES-EDE3-CBC): %w", p.KDF.OID, p.Cipher.OID, ErrUnsupportedKey)
	}
	var iv []byte
	if err := unmarshal(p.Cipher.Params.FullBytes, &iv); err != nil {
		return nil, nil, err
	}
	var kdf pbkdf2Params
	if err := unmarshal(p.KDF.Params.FullBytes, &kdf); err != nil {
		return nil, nil, err
	}
	prf := sha1.New
	if len(kdf.PRF.OID) > 0 {
		if prf, ok = prfs[kdf.PRF.OID.String()]; !ok {
			return nil, nil, fmt.Errorf("PBKDF2 with PRF %v: %w", kdf.PRF.OID, ErrUnsupportedKey)
		}
	}
	switch {
	case kdf.KeyLength != 0 && kdf.KeyLength != c.size:
		return nil, nil, fmt.Errorf("PBKDF2 key length %d for a %d-byte key: %w", kdf.KeyLength, c.size, ErrMalformedKey)
	case kdf.Iterations < 1 || kdf.Iterations > maxIterations:
		return nil, nil, fmt.Errorf("PBKDF2 iteration count %d outside 1..%d: %w", kdf.Iterations, maxIterations, ErrMalformedKey)
	}
	key, err := pbkdf2.Key(prf, string(passphrase), kdf.Salt, kdf.Iterations, c.size)
	if err != nil {
		return nil, nil, err
	}
	block, err := c.new(key)
	return block, iv, err
}

// unmarshal parses DER that must fill v exactly.
func unmarshal(der []byte, v any) error {
	rest, err := asn1.Unmarshal(der, v)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w", err, ErrMalformedKey)
	case len(rest) != 0:
		return fmt.Errorf("%d bytes after the ASN.1 value: %w", len(rest), ErrMalformedKey)
	}
	return nil
}
