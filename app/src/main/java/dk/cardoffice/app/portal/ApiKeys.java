package dk.cardoffice.app.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The portal's API keys, kept only as SHA-256 hashes. Configuration may give a key in clear or as
 * {@code sha256:<hex>} (so the key itself need not be in the configuration). A presented key is
 * hashed and compared with every configured hash in constant time.
 */
public class ApiKeys {

    private final List<byte[]> hashes;

    public ApiKeys(List<String> configured) {
        this.hashes = configured.stream().map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> k.startsWith("sha256:") ? HexFormat.of().parseHex(k.substring(7)) : sha256(k)).toList();
    }

    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] hash = sha256(presented);
        boolean match = false;
        for (byte[] known : hashes) {
            match |= MessageDigest.isEqual(known, hash);
        }
        return match;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
