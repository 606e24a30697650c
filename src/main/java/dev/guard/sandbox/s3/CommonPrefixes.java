package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.Xml;
import java.util.List;

/** The delimiter roll-up that ListObjects(V2), ListObjectVersions and ListMultipartUploads share. */
final class CommonPrefixes {
    private CommonPrefixes() {}

    /**
     * The common prefix {@code key} rolls up into: up to and including the first {@code delimiter}
     * after {@code prefix}; null when there is no delimiter or the key holds none after the prefix.
     */
    static String of(String key, String prefix, String delimiter) {
        int cut = delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
        return cut < 0 ? null : key.substring(0, cut + delimiter.length());
    }

    /** One {@code <CommonPrefixes><Prefix>} element a prefix, shown in the listing's encoding. */
    static void write(Xml xml, ListingNames names, List<String> prefixes) {
        prefixes.forEach(p ->
                xml.open("CommonPrefixes").element("Prefix", names.shown(p)).close("CommonPrefixes"));
    }
}
