package dk.cardoffice.ledger.member;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a CPR number into the key cardoffice stores: HMAC-SHA256 under a secret from
 * configuration ({@code cardoffice.cpr-key}). The database never holds a CPR in clear, yet the
 * same person is always found again; without the key the column cannot be reversed by trying
 * all 10-digit numbers.
 */
public class CprProtector {

    private final SecretKeySpec key;
    // a Mac is not thread-safe and costly to look up: one per thread, reused
    private final ThreadLocal<Mac> macs;

    public CprProtector(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("cardoffice.cpr-key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String hmac(Cpr cpr) {
        return HexFormat.of().formatHex(macs.get().doFinal(cpr.digits().getBytes(StandardCharsets.US_ASCII)));
    }
}
