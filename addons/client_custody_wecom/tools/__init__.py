from . import wecom_crypto
