{
 "format": "psirt-publish-signatures-1",
 "signatures": [
  {
   "keyid": "e80a1691ea1132156a9b7b3db1e6289c9de75a7e26a5780102a1dff31c60fe78",
   "role": "remediation",
   "sig": "d0ab3405cab804d46664bdbe1df52a89d0227b0b8e58408100a1faf484217a8d639d6baf91d4d1248d71b59af39f17f3d28269bbe1537c405a5b3bdea09d9503",
   "signed_sha256": "4501459eeb265cdd342deec0264b45d5b47a1fa24050c0d2bd1adc6bd045929b",
   "version": 2
  }
 ]
}
