package io.twinloop.cli;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates a test makes for itself with BouncyCastle: a CA, and leaf certificates it signs, written as the
 * services' TLS directories ({@code tls.crt}, {@code tls.key} as PKCS#8 PEM, {@code ca.crt}). EC P-256 keys.
 */
final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate authority that can sign leaves. */
    record Authority(String name, KeyPair keys, X509Certificate cert) {
        static Authority create(String name) throws GeneralSecurityException, IOException {
            KeyPair keys = ecKeys();
            X500Name subject = new X500Name("CN=" + name);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(),
                    subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Authority(name, keys, sign(b, keys));
        }

        /**
         * Writes {@code dir/tls.crt}, {@code dir/tls.key} and {@code dir/ca.crt} for a leaf named {@code cn}
         * with the given SANs (DNS names, or IP addresses when they parse as one) and extended key usages.
         */
        Path issue(Path dir, String cn, String[] sans, KeyPurposeId... usages) throws GeneralSecurityException, IOException {
            KeyPair leaf = ecKeys();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name),
                    serial(), notBefore(), notAfter(), new X500Name("CN=" + cn), leaf.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages));
            if (sans.length > 0) {
                GeneralName[] names = new GeneralName[sans.length];
                for (int i = 0; i < sans.length; i++) {
                    boolean ip = sans[i].matches("[0-9.]+") || sans[i].contains(":");
                    names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, sans[i]);
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate cert = sign(b, keys);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(dir.resolve("tls.key"), pem("PRIVATE KEY", leaf.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("ca.crt"), pem("CERTIFICATE", this.cert.getEncoded()));
            return dir;
        }

        private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
            try {
                ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
                X509CertificateHolder h = b.build(s);
                return new JcaX509CertificateConverter().getCertificate(h);
            } catch (org.bouncycastle.operator.OperatorCreationException e) {
                throw new GeneralSecurityException(e);
            }
        }
    }

    static final String[] LOCAL_SANS = {"localhost", "127.0.0.1"};

    private TestCertificates() {
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
