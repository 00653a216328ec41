package org.dicompipe.codec;

/** Transfer Syntax UIDs (PS3.6 Annex A) and a few well known SOP classes. */
public final class UID {
    public static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public static final String EncapsulatedUncompressedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.98";
    public static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public static final String JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";
    public static final String JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";
    public static final String JPEGLossless = "1.2.840.10008.1.2.4.57";
    public static final String JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEGLSLossless = "1.2.840.10008.1.2.4.80";
    public static final String JPEGLSNearLossless = "1.2.840.10008.1.2.4.81";
    public static final String JPEG2000Lossless = "1.2.840.10008.1.2.4.90";
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";
    public static final String HTJ2KLossless = "1.2.840.10008.1.2.4.201";
    public static final String HTJ2KLosslessRPCL = "1.2.840.10008.1.2.4.202";
    public static final String HTJ2K = "1.2.840.10008.1.2.4.203";
    public static final String MPEG2MPML = "1.2.840.10008.1.2.4.100";
    public static final String MPEG4HP41 = "1.2.840.10008.1.2.4.102";
    public static final String HEVCMP51 = "1.2.840.10008.1.2.4.107";
    public static final String RLELossless = "1.2.840.10008.1.2.5";

    public static final String CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public static final String MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    public static final String SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    private UID() {
    }

    /** Pixel data is a sequence of fragments for every transfer syntax except the native ones. */
    public static boolean isEncapsulated(String tsUid) {
        if (tsUid == null) {
            return false;
        }
        switch (tsUid) {
            case ImplicitVRLittleEndian:
            case ExplicitVRLittleEndian:
            case DeflatedExplicitVRLittleEndian:
            case ExplicitVRBigEndian:
            case "1.2.840.10008.1.2.1.98.1": // deprecated private variant of uncompressed LE
                return false;
            default:
                return tsUid.startsWith("1.2.840.10008.1.2.4") || tsUid.startsWith("1.2.840.10008.1.2.5")
                        || tsUid.startsWith("1.2.840.10008.1.2.1.98") || !tsUid.startsWith("1.2.840.10008.1.2");
        }
    }

    public static boolean isBigEndian(String tsUid) {
        return ExplicitVRBigEndian.equals(tsUid);
    }

    public static boolean isImplicitVR(String tsUid) {
        return ImplicitVRLittleEndian.equals(tsUid);
    }

    public static boolean isDeflated(String tsUid) {
        return DeflatedExplicitVRLittleEndian.equals(tsUid)
                || "1.2.840.10008.1.2.4.95".equals(tsUid); // JPIP Referenced Deflate
    }
}
