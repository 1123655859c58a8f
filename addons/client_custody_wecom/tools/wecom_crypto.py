"""WeCom callback cryptography (企业微信回调加解密), as documented by WeCom.

- ``msg_signature`` = SHA1 of the sorted concatenation of token, timestamp, nonce and the
  encrypted payload (``echostr`` for URL verification, ``Encrypt`` for events);
- AES-256-CBC, key = base64decode(EncodingAESKey + "="), IV = the key's first 16 bytes,
  PKCS#7 padding to a block of 32 bytes;
- plaintext = 16 random bytes + 4-byte big-endian length + message + receiveid (the corp id).
"""

import base64
import binascii
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAD_BLOCK = 32


class WeComCryptoError(Exception):
    """The payload is not one WeCom made for us: bad key, signature, padding or receiveid."""


def signature(token, timestamp, nonce, payload):
    parts = sorted([token or "", str(timestamp or ""), nonce or "", payload or ""])
    return hashlib.sha1("".join(parts).encode()).hexdigest()


def check_signature(token, timestamp, nonce, payload, msg_signature):
    expected = signature(token, timestamp, nonce, payload)
    if not hmac.compare_digest(expected, (msg_signature or "").lower()):
        raise WeComCryptoError("signature mismatch")


def aes_key(encoding_aes_key):
    if not encoding_aes_key or len(encoding_aes_key) != 43:
        raise WeComCryptoError("EncodingAESKey must have 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as error:
        raise WeComCryptoError("EncodingAESKey is not base64") from error
    if len(key) != 32:
        raise WeComCryptoError("EncodingAESKey does not decode to 32 bytes")
    return key


def decrypt(encoding_aes_key, payload, receive_id):
    """The plain message of ``payload``; raises WeComCryptoError on any inconsistency."""
    key = aes_key(encoding_aes_key)
    try:
        raw = base64.b64decode(payload or "", validate=True)
    except (binascii.Error, ValueError) as error:
        raise WeComCryptoError("payload is not base64") from error
    if not raw or len(raw) % 16:
        raise WeComCryptoError("payload is not a whole number of AES blocks")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(raw) + decryptor.finalize()
    pad = plain[-1]
    if not 1 <= pad <= PAD_BLOCK or plain[-pad:] != bytes([pad]) * pad:
        raise WeComCryptoError("bad PKCS#7 padding")
    plain = plain[:-pad]
    if len(plain) < 20:
        raise WeComCryptoError("payload too short")
    (length,) = struct.unpack(">I", plain[16:20])
    message, receiver = plain[20 : 20 + length], plain[20 + length :]
    if len(message) != length:
        raise WeComCryptoError("bad message length")
    if not hmac.compare_digest(receiver, (receive_id or "").encode()):
        raise WeComCryptoError("receiveid is not this corp id")
    return message.decode()
